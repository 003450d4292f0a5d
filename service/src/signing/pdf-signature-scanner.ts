import { parsePdfDate } from './signing-time.js';

/** One signature dictionary found in the file bytes. */
export interface ScannedSignature {
  byteRange: [number, number, number, number];
  /** The CMS bytes from /Contents, including the zero padding after the DER. */
  contents?: Buffer;
  /** Why `contents` is missing: the ByteRange gap is not exactly the /Contents hex string. */
  contentsProblem?: string;
  subFilter?: string;
  signingTime?: Date;
  fieldName?: string;
  /** Offset just past the `%%EOF` that ends the revision the signature belongs to. */
  revisionEnd?: number;
}

const BYTE_RANGE = /^\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/;
/** Maximum distance searched before /ByteRange, and after /Contents, for the object's bounds. */
const DICTIONARY_WINDOW = 2048;

/**
 * Finds signature dictionaries by their /ByteRange entries in the raw bytes, which works for
 * every revision because a signature's /Contents must be stored uncompressed.
 * NOTE: the field name is found only when the field dictionary that refers to the signature is
 * stored uncompressed and writes the reference as `/V <number> <generation> R`.
 */
export function scanSignatures(pdf: Buffer): ScannedSignature[] {
  const signatures: ScannedSignature[] = [];
  for (let at = pdf.indexOf('/ByteRange'); at >= 0; at = pdf.indexOf('/ByteRange', at + 1)) {
    const match = BYTE_RANGE.exec(pdf.subarray(at, at + 120).toString('latin1'));
    if (!match) continue;
    const byteRange = match.slice(1, 5).map(Number) as [number, number, number, number];
    const contents = readContents(pdf, byteRange);
    const dictionary = dictionaryAround(pdf, at, byteRange);
    signatures.push({
      byteRange,
      contents,
      contentsProblem: contents
        ? undefined
        : 'the ByteRange gap is not exactly the hex string of /Contents',
      subFilter: /\/SubFilter\s*\/([^\s/<>[\]()]+)/.exec(dictionary)?.[1],
      signingTime: readDate(dictionary),
      fieldName: findFieldName(pdf, objectReference(pdf, at)),
      revisionEnd: findRevisionEnd(pdf, byteRange[2]),
    });
  }
  return signatures;
}

/** Returns the text of the signature object that contains /ByteRange, without the /Contents hex. */
function dictionaryAround(
  pdf: Buffer,
  at: number,
  [, contentsStart, contentsEnd]: number[],
): string {
  const objectStart = Math.max(0, pdf.lastIndexOf(' obj', at), at - DICTIONARY_WINDOW);
  const afterContents = Math.max(at, contentsEnd!);
  const objectEnd = pdf.indexOf('endobj', afterContents);
  const end = objectEnd < 0 ? Math.min(pdf.length, afterContents + DICTIONARY_WINDOW) : objectEnd;
  if (contentsStart! < objectStart || contentsEnd! > end) {
    return pdf.subarray(objectStart, end).toString('latin1');
  }
  const head = pdf.subarray(objectStart, contentsStart!).toString('latin1');
  return `${head} ${pdf.subarray(contentsEnd!, end).toString('latin1')}`;
}

/**
 * Reads the hex string that the ByteRange leaves out. The gap must be exactly the value of
 * /Contents, or unsigned bytes could hide in it.
 */
function readContents(pdf: Buffer, [, contentsStart, contentsEnd]: number[]): Buffer | undefined {
  if (pdf[contentsStart!] !== 0x3c || pdf[contentsEnd! - 1] !== 0x3e) return undefined;
  const key = pdf.subarray(Math.max(0, contentsStart! - 16), contentsStart!).toString('latin1');
  if (!/\/Contents\s*$/.test(key)) return undefined;
  const hex = pdf
    .subarray(contentsStart! + 1, contentsEnd! - 1)
    .toString('latin1')
    .replace(/\s+/g, '');
  if (!/^[0-9a-fA-F]*$/.test(hex)) return undefined;
  return Buffer.from(hex, 'hex');
}

function readDate(dictionary: string): Date | undefined {
  const raw = /\/M\s*\((D:[^)]*)\)/.exec(dictionary)?.[1];
  return raw ? parsePdfDate(raw) : undefined;
}

/** Returns `<number> <generation> R` for the object that contains offset `at`. */
function objectReference(pdf: Buffer, at: number): string | undefined {
  const objAt = pdf.lastIndexOf(' obj', at);
  if (objAt < 0) return undefined;
  const header = /(\d+)\s+(\d+)\s*$/.exec(
    pdf.subarray(Math.max(0, objAt - 24), objAt).toString('latin1'),
  );
  return header ? `${header[1]} ${header[2]} R` : undefined;
}

/** Finds the /T of the dictionary whose /V is `reference`, searching within that object. */
function findFieldName(pdf: Buffer, reference: string | undefined): string | undefined {
  if (!reference) return undefined;
  const needle = `/V ${reference}`;
  for (let at = pdf.indexOf(needle); at >= 0; at = pdf.indexOf(needle, at + 1)) {
    // "/V 12 0 R" must not match "/V 12 0 R0" or be the prefix of "/V 120 0 R".
    if (/[\d]/.test(String.fromCharCode(pdf[at + needle.length] ?? 0x20))) continue;
    const start = Math.max(pdf.lastIndexOf(' obj', at), 0);
    const endAt = pdf.indexOf('endobj', at);
    const text = pdf.subarray(start, endAt < 0 ? pdf.length : endAt).toString('latin1');
    const name = /\/T\s*\(((?:\\.|[^\\)])*)\)/.exec(text)?.[1];
    if (name !== undefined) return name.replace(/\\(.)/g, '$1');
  }
  return undefined;
}

function findRevisionEnd(pdf: Buffer, from: number): number | undefined {
  const eof = pdf.indexOf('%%EOF', from);
  return eof < 0 ? undefined : eof + '%%EOF'.length;
}
