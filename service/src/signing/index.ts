export { signPdf } from './pdf-signer.js';
export type { SignPdfOptions, SignatureRect } from './pdf-signer.js';
export type { SignatureAppearance } from './signature-appearance.js';
export { defaultSealPng } from './default-seal.js';
export { createCmsSignature } from './cms-signature.js';
export type { SigningIdentity } from './cms-signature.js';
export { verifyPdfSignatures } from './pdf-signature-verifier.js';
export type { PdfSignatureReport, VerifyOptions } from './pdf-signature-verifier.js';
export { KeyStore } from './key-store.js';
export type { ImportedKey, KeyRecord, KeyRecordStorage } from './key-store.js';
export { FileKeyRecordStorage, InMemoryKeyRecordStorage } from './key-record-storage.js';
export { readPkcs12 } from './pkcs12.js';
export { createDevelopmentCa, issueCertificate } from './development-ca.js';
export type {
  DevelopmentCa,
  IssueCertificateOptions,
  IssuedCertificate,
} from './development-ca.js';
export { formatVietnamTime, formatPdfDate } from './signing-time.js';
