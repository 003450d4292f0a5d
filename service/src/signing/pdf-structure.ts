import { ValidationError } from '../errors/index.js';

/** Location and kind of the newest revision's cross-reference section. */
export interface PdfTrailerInfo {
  /** Byte offset given by the final `startxref`; a new revision points back to it with /Prev. */
  startXref: number;
  xrefKind: 'table' | 'stream';
  /** The trailer's /Size: one more than the highest object number in use. */
  size: number;
}

const TAIL_WINDOW = 2048;
const HEADER_WINDOW = 1024;

/**
 * Checks that an incremental update can be appended to `pdf`. It needs a PDF header, a final
 * `startxref` and `%%EOF`, and a cross-reference table or stream at that offset whose trailer
 * has /Root and /Size and no /Encrypt. Throws ValidationError naming the reason otherwise.
 */
export function inspectPdfTrailer(pdf: Buffer): PdfTrailerInfo {
  if (pdf.subarray(0, HEADER_WINDOW).indexOf('%PDF-', 0, 'latin1') < 0) {
    throw unsignable('the file has no %PDF- header, so it is not a PDF');
  }
  const startXref = findStartXref(pdf);
  const sectionStart = skipWhitespace(pdf, startXref);
  const head = pdf.subarray(sectionStart, sectionStart + 32).toString('latin1');
  if (head.startsWith('xref')) {
    return inspectXrefTable(pdf, startXref, sectionStart);
  }
  if (/^\d+\s+\d+\s+obj/.test(head)) {
    return inspectXrefStream(pdf, startXref, sectionStart);
  }
  throw unsignable(`startxref ${startXref} points at neither a cross-reference table nor stream`);
}

function findStartXref(pdf: Buffer): number {
  const tail = pdf.subarray(Math.max(0, pdf.length - TAIL_WINDOW)).toString('latin1');
  const matches = [...tail.matchAll(/startxref\s+(\d+)\s+%%EOF/g)];
  const last = matches.at(-1);
  if (!last) {
    throw unsignable('the file does not end with startxref and %%EOF (truncated or damaged)');
  }
  const offset = Number(last[1]);
  if (offset >= pdf.length) {
    throw unsignable(`startxref ${offset} points past the end of the file`);
  }
  return offset;
}

function inspectXrefTable(pdf: Buffer, startXref: number, sectionStart: number): PdfTrailerInfo {
  const trailerAt = pdf.indexOf('trailer', sectionStart, 'latin1');
  if (trailerAt < 0) {
    throw unsignable('the cross-reference table has no trailer dictionary');
  }
  const trailerEnd = pdf.indexOf('startxref', trailerAt, 'latin1');
  const trailer = pdf
    .subarray(trailerAt, trailerEnd < 0 ? undefined : trailerEnd)
    .toString('latin1');
  checkTrailerDictionary(trailer);
  return { startXref, xrefKind: 'table', size: readSize(trailer) };
}

function inspectXrefStream(pdf: Buffer, startXref: number, sectionStart: number): PdfTrailerInfo {
  const text = pdf.subarray(sectionStart, sectionStart + 4096).toString('latin1');
  const streamAt = text.indexOf('stream');
  const dictionary = streamAt < 0 ? '' : text.slice(0, streamAt);
  if (!/\/Type\s*\/XRef\b/.test(dictionary)) {
    throw unsignable(`the object at startxref ${startXref} is not a cross-reference stream`);
  }
  checkTrailerDictionary(dictionary);
  return { startXref, xrefKind: 'stream', size: readSize(dictionary) };
}

function checkTrailerDictionary(dictionary: string): void {
  if (/\/Encrypt\b/.test(dictionary)) {
    throw unsignable('the PDF is encrypted; remove the password protection before signing');
  }
  if (!/\/Root\s+\d+\s+\d+\s+R/.test(dictionary)) {
    throw unsignable('the trailer has no /Root reference to the document catalog');
  }
  if (!/\/Size\s+\d+/.test(dictionary)) {
    throw unsignable('the trailer has no /Size entry');
  }
}

function readSize(dictionary: string): number {
  return Number(/\/Size\s+(\d+)/.exec(dictionary)?.[1]);
}

function skipWhitespace(pdf: Buffer, offset: number): number {
  let position = offset;
  while (position < pdf.length && [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20].includes(pdf[position]!)) {
    position += 1;
  }
  return position;
}

export function unsignable(reason: string): ValidationError {
  return new ValidationError(`PDF cannot be signed safely: ${reason}`, {
    field: 'pdf',
    reason,
  });
}
