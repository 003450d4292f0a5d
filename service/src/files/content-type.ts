import { ValidationError } from '../errors/index.js';

export const PDF_CONTENT_TYPE = 'application/pdf';
export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

/** PDF readers accept the header anywhere in the first 1024 bytes (ISO 32000-2, annex H). */
const PDF_HEADER_WINDOW = 1024;
const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');

/** Detects the content type from the bytes alone, or returns undefined when no known type matches. */
export function detectContentType(content: Buffer): string | undefined {
  const window = content.subarray(0, PDF_HEADER_WINDOW);
  if (window.indexOf(PDF_MAGIC) >= 0) {
    return PDF_CONTENT_TYPE;
  }
  return undefined;
}

/**
 * Chooses the stored content type: the detected one wins over the declared one. A file declared
 * as PDF whose bytes are not a PDF is rejected, because later steps would sign or render it.
 */
export function resolveContentType(head: Buffer, declared: string | undefined): string {
  const detected = detectContentType(head);
  if (detected) {
    return detected;
  }
  if (declared?.toLowerCase() === PDF_CONTENT_TYPE) {
    throw new ValidationError(
      'File declared as application/pdf has no %PDF- header in its first 1024 bytes; upload a PDF file',
      { field: 'contentType', value: declared },
    );
  }
  return declared ?? DEFAULT_CONTENT_TYPE;
}

export { PDF_HEADER_WINDOW };
