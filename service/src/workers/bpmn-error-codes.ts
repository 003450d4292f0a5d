/**
 * BPMN error codes that the document workers throw. An error boundary event in a route catches
 * one of them by its code and takes the path the route draws for that outcome.
 */
export const BPMN_ERROR_CODES = Object.freeze({
  /** The document id in the job variables names no stored document. */
  DOCUMENT_NOT_FOUND: 'DOCUMENT_NOT_FOUND',
  /** The document is in a state where the step cannot run, such as an incoming draft. */
  DOCUMENT_STATE_INVALID: 'DOCUMENT_STATE_INVALID',
  /** The file id in the job variables, or the document's current file, is not in the store. */
  FILE_NOT_FOUND: 'FILE_NOT_FOUND',
  /** The document has no stored version to sign or verify. */
  DOCUMENT_FILE_MISSING: 'DOCUMENT_FILE_MISSING',
  /** The signer has no signing key, and no development CA may issue one. */
  SIGNER_KEY_MISSING: 'SIGNER_KEY_MISSING',
  /** The PDF cannot be signed safely: it is encrypted, damaged or certified against changes. */
  SIGNATURE_FAILED: 'SIGNATURE_FAILED',
  /** The organisation signature needs a personal signature first, and the PDF has none. */
  PERSONAL_SIGNATURE_MISSING: 'PERSONAL_SIGNATURE_MISSING',
  /** The PDF carries no signature, or a signature failed one or more checks. */
  SIGNATURE_INVALID: 'SIGNATURE_INVALID',
  /** The register refused the number, such as a công văn issued without a unit abbreviation. */
  REGISTRATION_FAILED: 'REGISTRATION_FAILED',
} as const);

export type BpmnErrorCode = (typeof BPMN_ERROR_CODES)[keyof typeof BPMN_ERROR_CODES];
