import { X509Certificate, createPrivateKey } from 'node:crypto';
import forge from 'node-forge';
import { ValidationError } from '../errors/index.js';
import type { SigningIdentity } from './cms-signature.js';

/**
 * Reads a PKCS #12 file into a signing identity: the certificate whose public key matches the
 * private key first, then its issuers in order. Certificates outside that chain are dropped.
 * NOTE: node-forge reads RSA private keys only, so a PKCS #12 with an EC key is rejected.
 */
export function readPkcs12(pkcs12: Buffer, password: string): SigningIdentity {
  const parsed = parsePkcs12(pkcs12, password);
  const keyBag = [
    ...(parsed.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[
      forge.pki.oids.pkcs8ShroudedKeyBag!
    ] ?? []),
    ...(parsed.getBags({ bagType: forge.pki.oids.keyBag! })[forge.pki.oids.keyBag!] ?? []),
  ].find((bag) => bag.key);
  if (!keyBag?.key) {
    throw new ValidationError('PKCS #12 file contains no RSA private key', { field: 'pkcs12' });
  }
  const privateKey = createPrivateKey(
    forge.pki.privateKeyToPem(keyBag.key as forge.pki.rsa.PrivateKey),
  );
  const certificates = (
    parsed.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? []
  )
    .filter((bag) => bag.cert)
    .map((bag) => toX509(bag.cert!));
  const leaf = certificates.find((certificate) => certificate.checkPrivateKey(privateKey));
  if (!leaf) {
    throw new ValidationError('PKCS #12 file has no certificate for its private key', {
      field: 'pkcs12',
    });
  }
  return { certificateChain: orderChain(leaf, certificates).map((item) => item.raw), privateKey };
}

function parsePkcs12(pkcs12: Buffer, password: string): forge.pkcs12.Pkcs12Pfx {
  try {
    const asn1 = forge.asn1.fromDer(pkcs12.toString('binary'));
    return forge.pkcs12.pkcs12FromAsn1(asn1, password);
  } catch (error) {
    throw new ValidationError(
      'PKCS #12 file cannot be read: the password is wrong or the file is damaged',
      { field: 'pkcs12' },
      { cause: error },
    );
  }
}

function toX509(certificate: forge.pki.Certificate): X509Certificate {
  const der = forge.asn1.toDer(forge.pki.certificateToAsn1(certificate)).getBytes();
  return new X509Certificate(Buffer.from(der, 'binary'));
}

/** Follows issuer links from `leaf` through `pool`, stopping at a self-signed certificate. */
function orderChain(leaf: X509Certificate, pool: X509Certificate[]): X509Certificate[] {
  const chain = [leaf];
  let current = leaf;
  while (current.issuer !== current.subject && chain.length <= pool.length) {
    const issuer = pool.find(
      (candidate) => !chain.includes(candidate) && current.checkIssued(candidate),
    );
    if (!issuer) break;
    chain.push(issuer);
    current = issuer;
  }
  return chain;
}
