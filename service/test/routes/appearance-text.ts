import { inflateSync } from 'node:zlib';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFRawStream,
  PDFRef,
  type PDFObject,
} from '@cantoo/pdf-lib';

/**
 * Reads the visible text of every signature field of a PDF, in field order: the text-showing
 * operators of each widget's normal appearance, decoded through its font's ToUnicode CMap. Only
 * the parts that docroute's signature appearances use are handled: hex strings of two-byte glyph
 * ids shown with Tj, and bfchar and bfrange entries in the CMap.
 */
export async function signatureAppearanceTexts(pdf: Buffer): Promise<string[][]> {
  const document = await PDFDocument.load(pdf, { updateMetadata: false });
  const context = document.context;
  const resolve = (value: PDFObject | undefined): PDFObject | undefined =>
    value instanceof PDFRef ? context.lookup(value) : value;
  const form = resolve(document.catalog.get(PDFName.of('AcroForm')));
  if (!(form instanceof PDFDict)) return [];
  const fields = resolve(form.get(PDFName.of('Fields')));
  if (!(fields instanceof PDFArray)) return [];
  const texts: string[][] = [];
  for (const ref of fields.asArray()) {
    const field = resolve(ref);
    if (!(field instanceof PDFDict)) continue;
    if (resolve(field.get(PDFName.of('FT')))?.toString() !== '/Sig') continue;
    const appearance = resolve(field.get(PDFName.of('AP')));
    if (!(appearance instanceof PDFDict)) continue;
    const normal = resolve(appearance.get(PDFName.of('N')));
    if (normal instanceof PDFRawStream) texts.push(streamText(normal, resolve));
  }
  return texts;
}

type Resolver = (value: PDFObject | undefined) => PDFObject | undefined;

/** Decodes the text lines of one appearance stream and of the form XObjects it draws. */
function streamText(stream: PDFRawStream, resolve: Resolver): string[] {
  const resources = resolve(stream.dict.get(PDFName.of('Resources')));
  const fonts =
    resources instanceof PDFDict ? resolve(resources.get(PDFName.of('Font'))) : undefined;
  const xObjects =
    resources instanceof PDFDict ? resolve(resources.get(PDFName.of('XObject'))) : undefined;
  const content = decoded(stream);
  const lines: string[] = [];
  let cmap = new Map<number, string>();
  const operators = /\/([^\s/]+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]*)>\s*Tj|\/([^\s/]+)\s+Do/g;
  for (const match of content.matchAll(operators)) {
    if (match[1] !== undefined && fonts instanceof PDFDict) {
      cmap = toUnicodeOf(resolve(fonts.get(PDFName.of(match[1]))), resolve);
    } else if (match[2] !== undefined) {
      lines.push(decodeGlyphs(match[2], cmap));
    } else if (match[3] !== undefined && xObjects instanceof PDFDict) {
      const inner = resolve(xObjects.get(PDFName.of(match[3])));
      if (inner instanceof PDFRawStream && isForm(inner, resolve)) {
        lines.push(...streamText(inner, resolve));
      }
    }
  }
  return lines;
}

function isForm(stream: PDFRawStream, resolve: Resolver): boolean {
  return resolve(stream.dict.get(PDFName.of('Subtype')))?.toString() === '/Form';
}

function decoded(stream: PDFRawStream): string {
  const filter = stream.dict.get(PDFName.of('Filter'))?.toString();
  const bytes = Buffer.from(stream.getContents());
  return (filter === '/FlateDecode' ? inflateSync(bytes) : bytes).toString('latin1');
}

/** Reads the glyph id to text map of a Type 0 font's ToUnicode CMap. */
function toUnicodeOf(font: PDFObject | undefined, resolve: Resolver): Map<number, string> {
  const map = new Map<number, string>();
  if (!(font instanceof PDFDict)) return map;
  const cmap = resolve(font.get(PDFName.of('ToUnicode')));
  if (!(cmap instanceof PDFRawStream)) return map;
  const text = decoded(cmap);
  for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, from, to] of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      map.set(parseInt(from!, 16), utf16(to!));
    }
  }
  for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    const ranges = block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g);
    for (const [, low, high, start] of ranges) {
      const first = parseInt(start!, 16);
      for (let glyph = parseInt(low!, 16); glyph <= parseInt(high!, 16); glyph += 1) {
        map.set(glyph, String.fromCodePoint(first + glyph - parseInt(low!, 16)));
      }
    }
  }
  return map;
}

function utf16(hex: string): string {
  const units: number[] = [];
  for (let index = 0; index < hex.length; index += 4)
    units.push(parseInt(hex.slice(index, index + 4), 16));
  return String.fromCharCode(...units);
}

function decodeGlyphs(hex: string, cmap: Map<number, string>): string {
  let text = '';
  for (let index = 0; index < hex.length; index += 4) {
    const glyph = parseInt(hex.slice(index, index + 4), 16);
    text += cmap.get(glyph) ?? '\uFFFD';
  }
  return text;
}
