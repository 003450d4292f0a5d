import { createHash, sign as signData } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { issuerAndSerialOf } from './der-reader.js';
import { TAG, derElement, derSetOf, objectIdentifier } from './der-writer.js';

/** A private key with its certificate chain, the signer's certificate first (DER). */
export interface SigningIdentity {
  certificateChain: Buffer[];
  privateKey: KeyObject;
}

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
} as const;

const INTEGER_ONE = Buffer.from([TAG.integer, 0x01, 0x01]);
const NULL = Buffer.from([TAG.null, 0x00]);
const SHA256_ALGORITHM = derElement(TAG.sequence, objectIdentifier(OID.sha256));

/**
 * Builds a detached CMS SignedData (RFC 5652) over a SHA-256 `digest`, as PAdES B-B requires:
 * signed attributes content-type, message-digest and ESS signing-certificate-v2 (RFC 5035),
 * and no signing-time attribute, because PAdES takes the time from the signature dictionary.
 * Supports RSA (PKCS #1 v1.5) and ECDSA keys. The DER is written directly because the fixed
 * structure is small and building it with pkijs took about 10 ms per signature.
 */
export function createCmsSignature(digest: Buffer, identity: SigningIdentity): Buffer {
  const [signerDer] = identity.certificateChain;
  if (!signerDer) {
    throw new Error('The signing identity has no certificate');
  }
  const { issuer, serialNumber } = issuerAndSerialOf(signerDer);
  const attributes = [
    attribute(OID.contentType, objectIdentifier(OID.data)),
    attribute(OID.messageDigest, derElement(TAG.octetString, digest)),
    attribute(OID.signingCertificateV2, signingCertificateV2(signerDer, issuer, serialNumber)),
  ];
  const signature = signData('sha256', derSetOf(TAG.set, attributes), identity.privateKey);
  const signerInfo = derElement(
    TAG.sequence,
    INTEGER_ONE,
    derElement(TAG.sequence, issuer, serialNumber),
    SHA256_ALGORITHM,
    derSetOf(TAG.contextZero, attributes),
    signatureAlgorithm(identity.privateKey),
    derElement(TAG.octetString, signature),
  );
  const signedData = derElement(
    TAG.sequence,
    INTEGER_ONE,
    derElement(TAG.set, SHA256_ALGORITHM),
    derElement(TAG.sequence, objectIdentifier(OID.data)),
    derElement(TAG.contextZero, ...identity.certificateChain),
    derElement(TAG.set, signerInfo),
  );
  return derElement(
    TAG.sequence,
    objectIdentifier(OID.signedData),
    derElement(TAG.contextZero, signedData),
  );
}

function attribute(type: string, value: Buffer): Buffer {
  return derElement(TAG.sequence, objectIdentifier(type), derElement(TAG.set, value));
}

/**
 * SigningCertificateV2 with one ESSCertIDv2: the SHA-256 hash of the certificate (the default
 * algorithm, so it is omitted) and IssuerSerial, whose directoryName [4] is explicitly tagged.
 */
function signingCertificateV2(signerDer: Buffer, issuer: Buffer, serialNumber: Buffer): Buffer {
  const certHash = createHash('sha256').update(signerDer).digest();
  const generalNames = derElement(TAG.sequence, derElement(TAG.contextFour, issuer));
  const issuerSerial = derElement(TAG.sequence, generalNames, serialNumber);
  const essCertIdV2 = derElement(TAG.sequence, derElement(TAG.octetString, certHash), issuerSerial);
  return derElement(TAG.sequence, derElement(TAG.sequence, essCertIdV2));
}

function signatureAlgorithm(privateKey: KeyObject): Buffer {
  if (privateKey.asymmetricKeyType === 'rsa') {
    return derElement(TAG.sequence, objectIdentifier(OID.sha256WithRsa), NULL);
  }
  if (privateKey.asymmetricKeyType === 'ec') {
    // NOTE: no test signs with an EC key, because the development CA issues RSA keys only.
    return derElement(TAG.sequence, objectIdentifier(OID.ecdsaWithSha256));
  }
  throw new Error(
    `Unsupported signing key type ${String(privateKey.asymmetricKeyType)}: use RSA or ECDSA`,
  );
}
