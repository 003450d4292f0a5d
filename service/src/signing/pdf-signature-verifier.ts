import { X509Certificate } from 'node:crypto';
import { ValidationError } from '../errors/index.js';
import { checkCertificateChain } from './certificate-chain.js';
import { checkCmsSignature } from './cms-verifier.js';
import { scanSignatures } from './pdf-signature-scanner.js';
import type { ScannedSignature } from './pdf-signature-scanner.js';

export interface VerifyOptions {
  /** PEM certificates trusted as roots of signer chains. */
  trustAnchors: string[];
  /** Time at which certificate validity is checked; the signature's /M time, else now. */
  at?: Date;
}

/** The checks on one signature; `valid` holds only when every check passed. */
export interface PdfSignatureReport {
  fieldName?: string;
  signerCommonName?: string;
  signerOrganisation?: string;
  signingTime?: Date;
  subFilter?: string;
  byteRange: number[];
  /** The ByteRange starts at 0 and covers everything up to the end of its revision but /Contents. */
  coversRevision: boolean;
  /** True when bytes follow the signed revision, such as a later signature. */
  laterChangesExist: boolean;
  digestMatches: boolean;
  signatureValid: boolean;
  chainTrusted: boolean;
  certificateValidAtSigningTime: boolean;
  valid: boolean;
  /** Reasons for `valid` being false, one sentence per failed check. */
  reasons: string[];
}

/** Verifies every signature in `pdf`, oldest first, and returns [] for an unsigned PDF. */
export function verifyPdfSignatures(pdf: Buffer, options: VerifyOptions): PdfSignatureReport[] {
  const anchors = options.trustAnchors.map(parseTrustAnchor);
  return scanSignatures(pdf).map((signature) =>
    verifySignature(pdf, signature, anchors, options.at),
  );
}

function verifySignature(
  pdf: Buffer,
  signature: ScannedSignature,
  anchors: X509Certificate[],
  at: Date | undefined,
): PdfSignatureReport {
  const [start, firstLength, secondStart, secondLength] = signature.byteRange;
  const signedEnd = secondStart + secondLength;
  const reasons: string[] = [];
  const coversRevision = checkCoverage(pdf, signature, reasons);

  const parts = [pdf.subarray(start, start + firstLength), pdf.subarray(secondStart, signedEnd)];
  const cms = signature.contents
    ? checkCmsSignature(signature.contents, parts)
    : {
        digestMatches: false,
        signatureValid: false,
        certificates: [],
        reasons: [signature.contentsProblem!],
      };
  reasons.push(...cms.reasons);

  // NOTE: /M is the time the signer claims. Without an RFC 3161 timestamp nothing proves it.
  const checkTime = at ?? signature.signingTime ?? new Date();
  const chain = cms.signer
    ? checkCertificateChain(cms.signer, cms.certificates, anchors, checkTime)
    : { trusted: false, validAtTime: false, reasons: [] };
  reasons.push(...chain.reasons);

  const valid =
    coversRevision && cms.digestMatches && cms.signatureValid && chain.trusted && chain.validAtTime;
  return {
    fieldName: signature.fieldName,
    signerCommonName: cms.signerCommonName,
    signerOrganisation: cms.signerOrganisation,
    signingTime: signature.signingTime,
    subFilter: signature.subFilter,
    byteRange: [...signature.byteRange],
    coversRevision,
    laterChangesExist: signedEnd < pdf.length,
    digestMatches: cms.digestMatches,
    signatureValid: cms.signatureValid,
    chainTrusted: chain.trusted,
    certificateValidAtSigningTime: chain.validAtTime,
    valid,
    reasons,
  };
}

function checkCoverage(pdf: Buffer, signature: ScannedSignature, reasons: string[]): boolean {
  const [start, firstLength, secondStart, secondLength] = signature.byteRange;
  const signedEnd = secondStart + secondLength;
  if (start !== 0 || firstLength >= secondStart || signedEnd > pdf.length) {
    reasons.push('the ByteRange does not start at 0 or runs past the end of the file');
    return false;
  }
  if (signature.revisionEnd === undefined || signedEnd < signature.revisionEnd) {
    reasons.push('the ByteRange stops before the end of its revision, so part of it is unsigned');
    return false;
  }
  return true;
}

const parsedAnchors = new Map<string, X509Certificate>();
const MAX_CACHED_ANCHORS = 64;

/** Parses a PEM trust anchor, caching by text because callers pass the same anchors each time. */
function parseTrustAnchor(pem: string, index: number): X509Certificate {
  const cached = parsedAnchors.get(pem);
  if (cached) return cached;
  let anchor: X509Certificate;
  try {
    anchor = new X509Certificate(pem);
  } catch (error) {
    throw new ValidationError(
      `Trust anchor ${index} is not a PEM certificate: ${(error as Error).message}`,
      { field: 'trustAnchors', value: index },
      { cause: error },
    );
  }
  if (parsedAnchors.size >= MAX_CACHED_ANCHORS) {
    parsedAnchors.delete(parsedAnchors.keys().next().value!);
  }
  parsedAnchors.set(pem, anchor);
  return anchor;
}
