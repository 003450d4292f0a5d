import { createHash } from 'node:crypto';
import {
  PDFContext,
  PDFDict,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRef,
  PDFString,
} from '@cantoo/pdf-lib';
import { createCmsSignature } from './cms-signature.js';
import type { SigningIdentity } from './cms-signature.js';
import { appendIncrementalUpdate } from './incremental-writer.js';
import {
  attachToAcroForm,
  attachToPage,
  checkChangesAllowed,
  uniqueFieldName,
} from './pdf-form-fields.js';
import { PdfObjectLoader } from './pdf-object-loader.js';
import { locatePage } from './pdf-page-locator.js';
import type { LocatedPage } from './pdf-page-locator.js';
import { inspectPdfTrailer, unsignable } from './pdf-structure.js';
import { readXref } from './pdf-xref.js';
import { createAppearanceStream } from './signature-appearance.js';
import type { SignatureAppearance } from './signature-appearance.js';
import { formatPdfDate } from './signing-time.js';

export interface SignatureRect {
  /** Distance from the page's left edge in points (1/72 inch). */
  x: number;
  /** Distance from the page's bottom edge in points. */
  y: number;
  width: number;
  height: number;
}

export interface SignPdfOptions {
  identity: SigningIdentity;
  appearance: SignatureAppearance;
  /** Zero-based page index; the last page when absent. */
  pageIndex?: number;
  /** Widget rectangle; defaults depend on the appearance kind (see `defaultRect`). */
  rect?: SignatureRect;
  signingTime?: Date;
  reason?: string;
  location?: string;
}

/** Bytes reserved for the CMS signature; a chain of three RSA 4096 certificates fits. */
const CONTENTS_BYTES = 16384;
const BYTE_RANGE_PLACEHOLDER = '**********';
const SIGNATURE_WIDTH = 210;
const SIGNATURE_HEIGHT = 60;

/**
 * Signs `pdf` with a PAdES B-B compatible signature (SubFilter ETSI.CAdES.detached, SHA-256)
 * appended as an incremental update, so the original bytes and earlier signatures stay intact.
 * Only the objects that the update reads or changes are parsed. Throws ValidationError, leaving
 * `pdf` untouched, when the file is encrypted, damaged where it is read, or certified against
 * changes.
 */
export async function signPdf(pdf: Buffer, options: SignPdfOptions): Promise<Buffer> {
  const trailer = inspectPdfTrailer(pdf);
  const context = PDFContext.create();
  const xref = readXref(pdf, trailer.startXref, context);
  const loader = new PdfObjectLoader(pdf, xref, context);
  const { catalogRef, catalog } = readCatalog(loader, xref.trailer);
  checkChangesAllowed(loader, catalog);
  const page = locatePage(loader, catalog, options.pageIndex);
  const fieldName = uniqueFieldName(loader, catalog);
  const originalLargest = Math.max(trailer.size - 1, xref.maxObjectNumber);
  context.largestObjectNumber = originalLargest;

  const { signatureRef, widgetRef } = await addSignatureField(context, page, fieldName, options);
  const changed = [
    attachToPage(loader, page, widgetRef),
    ...attachToAcroForm(loader, catalogRef, catalog, widgetRef),
  ];
  const newRefs = context
    .enumerateIndirectObjects()
    .map(([ref]) => ref)
    .filter((ref) => ref.objectNumber > originalLargest);
  const refs = uniqueRefs([...changed, ...newRefs]);
  const update = appendIncrementalUpdate(pdf, trailer, context, refs);
  const signatureOffset = update.objectOffsets.get(signatureRef.objectNumber)!;
  return fillSignature(update.bytes, signatureOffset, options.identity);
}

/** Registers the signature dictionary, its appearance stream and the widget that shows it. */
async function addSignatureField(
  context: PDFContext,
  page: LocatedPage,
  fieldName: string,
  options: SignPdfOptions,
): Promise<{ signatureRef: PDFRef; widgetRef: PDFRef }> {
  const signingTime = options.signingTime ?? new Date();
  const rect = options.rect ?? defaultRect(page.mediaBox, options.appearance.kind);
  const signatureRef = context.register(signatureDictionary(context, options, signingTime));
  const appearance = await createAppearanceStream(context, options.appearance, signingTime, rect);
  const widget = context.obj({
    Type: 'Annot',
    Subtype: 'Widget',
    FT: 'Sig',
    Rect: [rect.x, rect.y, rect.x + rect.width, rect.y + rect.height],
    V: signatureRef,
    T: PDFString.of(fieldName),
    // Print (4) and Locked (128): the widget is printed and cannot be moved or deleted.
    F: 132,
    P: page.ref,
    AP: { N: appearance },
  });
  return { signatureRef, widgetRef: context.register(widget) };
}

/** Reads the catalog that the trailer's /Root names and keeps the trailer entries a new trailer repeats. */
function readCatalog(
  loader: PdfObjectLoader,
  trailer: PDFDict,
): { catalogRef: PDFRef; catalog: PDFDict } {
  const root = trailer.get(PDFName.of('Root'));
  const catalog = root instanceof PDFRef ? loader.dict(root) : undefined;
  if (!(root instanceof PDFRef) || !catalog) {
    throw unsignable('the trailer /Root does not name a document catalog');
  }
  loader.context.trailerInfo = {
    Root: root,
    Info: trailer.get(PDFName.of('Info')),
    ID: trailer.get(PDFName.of('ID')),
    Encrypt: undefined,
  };
  return { catalogRef: root, catalog };
}

/**
 * Places a person's signature at the bottom right of the page. An organisation's signature goes
 * two thirds of a width further left at the same height, so its seal, drawn on its right third,
 * lies over the left third of the personal signature and its text stays clear of it.
 */
function defaultRect(
  mediaBox: [number, number, number, number],
  kind: SignatureAppearance['kind'],
): SignatureRect {
  const [left, bottom, right] = mediaBox;
  const margin = 36;
  const personX = Math.max(left, right - margin - SIGNATURE_WIDTH);
  const x = kind === 'person' ? personX : Math.max(left, personX - (2 * SIGNATURE_WIDTH) / 3);
  return { x, y: bottom + margin, width: SIGNATURE_WIDTH, height: SIGNATURE_HEIGHT };
}

function signatureDictionary(
  context: PDFContext,
  options: SignPdfOptions,
  signingTime: Date,
): PDFDict {
  const placeholder = PDFName.of(BYTE_RANGE_PLACEHOLDER);
  const dictionary = context.obj({
    Type: 'Sig',
    Filter: 'Adobe.PPKLite',
    SubFilter: 'ETSI.CAdES.detached',
    ByteRange: [PDFNumber.of(0), placeholder, placeholder, placeholder],
    Contents: PDFHexString.of('0'.repeat(CONTENTS_BYTES * 2)),
    M: PDFString.of(formatPdfDate(signingTime)),
    Name: PDFHexString.fromText(options.appearance.signerName),
  });
  if (options.reason) dictionary.set(PDFName.of('Reason'), PDFHexString.fromText(options.reason));
  if (options.location)
    dictionary.set(PDFName.of('Location'), PDFHexString.fromText(options.location));
  return dictionary;
}

function uniqueRefs(refs: PDFRef[]): PDFRef[] {
  const byNumber = new Map(refs.map((ref) => [ref.objectNumber, ref]));
  return [...byNumber.values()];
}

/** Writes the ByteRange and the CMS signature into the reserved space of the signature object. */
function fillSignature(bytes: Buffer, signatureOffset: number, identity: SigningIdentity): Buffer {
  const contentsStart = bytes.indexOf(
    `<${'0'.repeat(CONTENTS_BYTES * 2)}>`,
    signatureOffset,
    'latin1',
  );
  const contentsEnd = contentsStart + CONTENTS_BYTES * 2 + 2;
  const byteRange = [0, contentsStart, contentsEnd, bytes.length - contentsEnd];
  writeByteRange(bytes, signatureOffset, byteRange);

  const digest = createHash('sha256')
    .update(bytes.subarray(0, contentsStart))
    .update(bytes.subarray(contentsEnd))
    .digest();
  const signature = createCmsSignature(digest, identity);
  if (signature.length > CONTENTS_BYTES) {
    throw new Error(
      `CMS signature of ${signature.length} bytes exceeds the ${CONTENTS_BYTES} reserved`,
    );
  }
  bytes.write(signature.toString('hex').toUpperCase(), contentsStart + 1, 'latin1');
  return bytes;
}

function writeByteRange(bytes: Buffer, signatureOffset: number, byteRange: number[]): void {
  const first = bytes.indexOf(`/${BYTE_RANGE_PLACEHOLDER}`, signatureOffset, 'latin1');
  const open = bytes.lastIndexOf('[', first, 'latin1');
  const close = bytes.indexOf(']', first, 'latin1');
  const text = byteRange.join(' ').padEnd(close - open - 1, ' ');
  if (text.length !== close - open - 1) {
    throw new Error('ByteRange placeholder is too short for the file size');
  }
  bytes.write(text, open + 1, 'latin1');
}
