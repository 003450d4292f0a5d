import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

/** A self-signed certificate authority for development and tests; not for production trust. */
export interface DevelopmentCa {
  certificatePem: string;
  privateKeyPem: string;
}

export interface IssueCertificateOptions {
  commonName: string;
  organisation: string;
  email?: string;
  /**
   * A person signs as the competent official; an organisation signs with its seal. Both kinds
   * get the same extensions, so the kind only documents the caller's intent.
   */
  kind: 'person' | 'organisation';
  /** Password of the returned PKCS #12; a random one when absent. */
  password?: string;
  validDays?: number;
  /** The start of validity; defaults to the current time. */
  notBefore?: Date;
}

export interface IssuedCertificate {
  pkcs12: Buffer;
  password: string;
  certificatePem: string;
  privateKeyPem: string;
  /** The issued certificate, then the CA certificate. */
  chainPem: string[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Creates an RSA 2048 root CA valid for `validDays` (default 10 years). */
export function createDevelopmentCa(
  options: { commonName?: string; validDays?: number; notBefore?: Date } = {},
): DevelopmentCa {
  const keys = generateRsaKeys();
  const certificate = newCertificate(keys.publicKey, options.notBefore, options.validDays ?? 3650);
  const subject = nameAttributes(options.commonName ?? 'docroute development CA', 'docroute');
  certificate.setSubject(subject);
  certificate.setIssuer(subject);
  certificate.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  certificate.sign(keys.privateKey, forge.md.sha256.create());
  return {
    certificatePem: forge.pki.certificateToPem(certificate),
    privateKeyPem: keys.privateKeyPem,
  };
}

/**
 * Issues an RSA 2048 signing certificate from `ca` with keyUsage digitalSignature and
 * nonRepudiation and extKeyUsage emailProtection (which NSS-based verifiers such as pdfsig
 * require for document signers), returned as PKCS #12 and PEM.
 */
export function issueCertificate(
  ca: DevelopmentCa,
  options: IssueCertificateOptions,
): IssuedCertificate {
  const caCertificate = forge.pki.certificateFromPem(ca.certificatePem);
  const caKey = forge.pki.privateKeyFromPem(ca.privateKeyPem);
  const keys = generateRsaKeys();
  const certificate = newCertificate(keys.publicKey, options.notBefore, options.validDays ?? 730);
  certificate.setSubject(nameAttributes(options.commonName, options.organisation, options.email));
  certificate.setIssuer(caCertificate.subject.attributes);
  certificate.setExtensions(leafExtensions(caCertificate, options));
  certificate.sign(caKey, forge.md.sha256.create());

  const password = options.password ?? randomBytes(18).toString('base64url');
  const pkcs12Asn1 = forge.pkcs12.toPkcs12Asn1(
    keys.privateKey,
    [certificate, caCertificate],
    password,
    {
      algorithm: 'aes256',
      friendlyName: options.commonName,
    },
  );
  const certificatePem = forge.pki.certificateToPem(certificate);
  return {
    pkcs12: Buffer.from(forge.asn1.toDer(pkcs12Asn1).getBytes(), 'binary'),
    password,
    certificatePem,
    privateKeyPem: keys.privateKeyPem,
    chainPem: [certificatePem, ca.certificatePem],
  };
}

function leafExtensions(issuer: forge.pki.Certificate, options: IssueCertificateOptions): object[] {
  const extensions: object[] = [
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'extKeyUsage', emailProtection: true },
    { name: 'subjectKeyIdentifier' },
    {
      name: 'authorityKeyIdentifier',
      keyIdentifier: issuer.generateSubjectKeyIdentifier().getBytes(),
    },
  ];
  if (options.email) {
    extensions.push({ name: 'subjectAltName', altNames: [{ type: 1, value: options.email }] });
  }
  return extensions;
}

function generateRsaKeys(): {
  publicKey: forge.pki.rsa.PublicKey;
  privateKey: forge.pki.rsa.PrivateKey;
  privateKeyPem: string;
} {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicKeyPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return {
    publicKey: forge.pki.publicKeyFromPem(publicKeyPem),
    privateKey: forge.pki.privateKeyFromPem(privateKeyPem),
    privateKeyPem,
  };
}

function newCertificate(
  publicKey: forge.pki.rsa.PublicKey,
  notBefore: Date | undefined,
  validDays: number,
): forge.pki.Certificate {
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = publicKey;
  // A leading 0x01 byte keeps the serial number positive and 16 bytes long.
  certificate.serialNumber = `01${randomBytes(15).toString('hex')}`;
  const start = notBefore ?? new Date();
  certificate.validity.notBefore = start;
  certificate.validity.notAfter = new Date(start.getTime() + validDays * DAY_MS);
  return certificate;
}

/**
 * Subject attributes encoded as UTF8String, so Vietnamese names keep their diacritics; forge
 * converts the JavaScript string to UTF-8 itself for that tag.
 */
function nameAttributes(
  commonName: string,
  organisation: string,
  email?: string,
): forge.pki.CertificateField[] {
  const attributes: forge.pki.CertificateField[] = [
    { shortName: 'C', value: 'VN' },
    { shortName: 'O', value: organisation, valueTagClass: forge.asn1.Type.UTF8 as never },
    { shortName: 'CN', value: commonName, valueTagClass: forge.asn1.Type.UTF8 as never },
  ];
  if (email) {
    attributes.push({ name: 'emailAddress', value: email });
  }
  return attributes;
}
