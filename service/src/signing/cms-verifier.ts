import { X509Certificate, createHash, verify as verifySignature } from 'node:crypto';
import { OID } from './cms-signature.js';
import { bytesOf, childrenOf, contentOf, issuerAndSerialOf, readElement } from './der-reader.js';
import { objectIdentifierContent } from './der-writer.js';
import type { DerElement } from './der-reader.js';

/** The outcome of checking one detached CMS signature over the signed bytes. */
export interface CmsCheck {
  digestMatches: boolean;
  signatureValid: boolean;
  signer?: X509Certificate;
  signerCommonName?: string;
  signerOrganisation?: string;
  /** The other certificates carried in the CMS, candidates for the chain. */
  certificates: X509Certificate[];
  reasons: string[];
}

/** DER contents of an OBJECT IDENTIFIER, as hex, for comparing without decoding. */
const oidHex = (oid: string) => objectIdentifierContent(oid).toString('hex');

const HASH_BY_OID = new Map([
  [oidHex('1.3.14.3.2.26'), 'sha1'],
  [oidHex(OID.sha256), 'sha256'],
  [oidHex('2.16.840.1.101.3.4.2.2'), 'sha384'],
  [oidHex('2.16.840.1.101.3.4.2.3'), 'sha512'],
]);
const SIGNED_DATA = oidHex(OID.signedData);
const MESSAGE_DIGEST = oidHex(OID.messageDigest);
const SIGNING_CERTIFICATE_V2 = oidHex(OID.signingCertificateV2);

interface SignerInfoParts {
  issuerAndSerial: DerElement;
  hashName?: string;
  digestOid: string;
  signedAttributes?: DerElement;
  signature: Buffer;
}

/**
 * Checks the message digest, the signature over the signed attributes and the ESS certificate
 * hash of a detached CMS SignedData (RFC 5652). The DER is walked directly, so the signed
 * attributes are verified exactly as they were encoded.
 * NOTE: RSASSA-PSS signatures are checked as PKCS #1 v1.5 and so reported invalid.
 */
export function checkCmsSignature(cms: Buffer, signedParts: Buffer[]): CmsCheck {
  const result: CmsCheck = {
    digestMatches: false,
    signatureValid: false,
    certificates: [],
    reasons: [],
  };
  let parsed: { certificates: Buffer[]; signerInfo: SignerInfoParts } | undefined;
  try {
    parsed = parseSignedData(cms);
  } catch (error) {
    result.reasons.push(`the CMS cannot be parsed: ${(error as Error).message}`);
    return result;
  }
  result.certificates = parsed.certificates.map((der) => new X509Certificate(der));
  const signerIndex = parsed.certificates.findIndex((der) => isSigner(der, cms, parsed.signerInfo));
  if (signerIndex < 0) {
    result.reasons.push('the CMS does not contain the signer certificate');
    return result;
  }
  result.signer = result.certificates[signerIndex];
  result.signerCommonName = subjectValue(result.signer!, 'CN');
  result.signerOrganisation = subjectValue(result.signer!, 'O');
  checkDigest(cms, parsed.signerInfo, signedParts, result);
  checkSignatureValue(cms, parsed.signerInfo, result);
  checkEssCertificate(cms, parsed.signerInfo, result);
  return result;
}

function parseSignedData(cms: Buffer): { certificates: Buffer[]; signerInfo: SignerInfoParts } {
  const [contentType, explicit] = childrenOf(cms, readElement(cms, 0));
  if (!contentType || contentOf(cms, contentType).toString('hex') !== SIGNED_DATA || !explicit) {
    throw new Error('the content type is not signed data');
  }
  const signedData = readElement(cms, explicit.contentStart);
  const fields = childrenOf(cms, signedData);
  const certificateSet = fields.find((field) => field.tag === 0xa0);
  const signerInfos = fields.at(-1);
  const certificates = certificateSet
    ? childrenOf(cms, certificateSet)
        .filter((item) => item.tag === 0x30)
        .map((item) => bytesOf(cms, item))
    : [];
  const firstSigner = signerInfos?.tag === 0x31 ? childrenOf(cms, signerInfos)[0] : undefined;
  if (!firstSigner) throw new Error('there is no SignerInfo');
  return { certificates, signerInfo: parseSignerInfo(cms, firstSigner) };
}

function parseSignerInfo(cms: Buffer, signerInfo: DerElement): SignerInfoParts {
  const [version, sid, digestAlgorithm, ...rest] = childrenOf(cms, signerInfo);
  if (!version || !sid || sid.tag !== 0x30 || !digestAlgorithm) {
    throw new Error('the SignerInfo does not identify its signer by issuer and serial number');
  }
  const signedAttributes = rest[0]?.tag === 0xa0 ? rest.shift() : undefined;
  const signature = rest[1];
  if (!signature || signature.tag !== 0x04)
    throw new Error('the SignerInfo has no signature value');
  const digestOid = contentOf(cms, childrenOf(cms, digestAlgorithm)[0]!).toString('hex');
  return {
    issuerAndSerial: sid,
    digestOid,
    hashName: HASH_BY_OID.get(digestOid),
    signedAttributes,
    signature: contentOf(cms, signature),
  };
}

/** Compares the certificate's issuer and serial number with the SignerInfo's, as DER bytes. */
function isSigner(certificateDer: Buffer, cms: Buffer, signerInfo: SignerInfoParts): boolean {
  const [sidIssuer, sidSerial] = childrenOf(cms, signerInfo.issuerAndSerial);
  if (!sidIssuer || !sidSerial) return false;
  try {
    const { issuer, serialNumber } = issuerAndSerialOf(certificateDer);
    return issuer.equals(bytesOf(cms, sidIssuer)) && serialNumber.equals(bytesOf(cms, sidSerial));
  } catch {
    return false;
  }
}

/** Returns the first value of the signed attribute whose type has DER contents `typeHex`. */
function attributeValue(
  cms: Buffer,
  signerInfo: SignerInfoParts,
  typeHex: string,
): DerElement | undefined {
  if (!signerInfo.signedAttributes) return undefined;
  for (const attribute of childrenOf(cms, signerInfo.signedAttributes)) {
    const [type, values] = childrenOf(cms, attribute);
    if (type && values && contentOf(cms, type).toString('hex') === typeHex) {
      return childrenOf(cms, values)[0];
    }
  }
  return undefined;
}

function checkDigest(
  cms: Buffer,
  signerInfo: SignerInfoParts,
  parts: Buffer[],
  result: CmsCheck,
): void {
  if (!signerInfo.hashName) {
    result.reasons.push(`unsupported digest algorithm (DER ${signerInfo.digestOid})`);
    return;
  }
  const expected = attributeValue(cms, signerInfo, MESSAGE_DIGEST);
  if (!expected || expected.tag !== 0x04) {
    result.reasons.push('the CMS has no message-digest attribute');
    return;
  }
  const hash = createHash(signerInfo.hashName);
  for (const part of parts) hash.update(part);
  result.digestMatches = contentOf(cms, expected).equals(hash.digest());
  if (!result.digestMatches) {
    result.reasons.push(
      'the message digest does not match the signed bytes: the document was altered',
    );
  }
}

function checkSignatureValue(cms: Buffer, signerInfo: SignerInfoParts, result: CmsCheck): void {
  if (!signerInfo.hashName || !signerInfo.signedAttributes || !result.signer) return;
  // The signature covers the attributes encoded as a SET OF, so the [0] tag becomes 0x31.
  const signed = Buffer.from(bytesOf(cms, signerInfo.signedAttributes));
  signed[0] = 0x31;
  try {
    result.signatureValid = verifySignature(
      signerInfo.hashName,
      signed,
      result.signer.publicKey,
      signerInfo.signature,
    );
  } catch (error) {
    result.reasons.push(`the signature value cannot be checked: ${(error as Error).message}`);
    return;
  }
  if (!result.signatureValid) {
    result.reasons.push('the CMS signature value does not verify with the signer certificate');
  }
}

/** Compares the ESS signing-certificate-v2 hash, when present and SHA-256, with the signer certificate. */
function checkEssCertificate(cms: Buffer, signerInfo: SignerInfoParts, result: CmsCheck): void {
  const value = attributeValue(cms, signerInfo, SIGNING_CERTIFICATE_V2);
  if (!value || !result.signer) return;
  const certificateIds = childrenOf(cms, value)[0];
  const firstId = certificateIds ? childrenOf(cms, certificateIds)[0] : undefined;
  const hash = firstId ? childrenOf(cms, firstId)[0] : undefined;
  if (hash?.tag !== 0x04) return;
  const actual = createHash('sha256').update(result.signer.raw).digest();
  if (!contentOf(cms, hash).equals(actual)) {
    result.signatureValid = false;
    result.reasons.push('the signing-certificate-v2 attribute names a different certificate');
  }
}

/** Reads one attribute from Node's multi-line subject, such as `CN` from `CN=Nguyễn Văn An`. */
function subjectValue(certificate: X509Certificate, key: string): string | undefined {
  const line = certificate.subject.split('\n').find((entry) => entry.startsWith(`${key}=`));
  return line?.slice(key.length + 1);
}
