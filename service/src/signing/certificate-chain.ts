import { X509Certificate } from 'node:crypto';

export interface ChainCheck {
  trusted: boolean;
  validAtTime: boolean;
  reasons: string[];
}

/**
 * Builds a path from `signer` through `intermediates` to one of `trustAnchors`, checking each
 * issuer's signature and CA flag, and the validity period of every certificate at `at`.
 * NOTE: revocation (CRL, OCSP) is not checked.
 */
export function checkCertificateChain(
  signer: X509Certificate,
  intermediates: X509Certificate[],
  trustAnchors: X509Certificate[],
  at: Date,
): ChainCheck {
  const reasons: string[] = [];
  const path = [signer];
  let current = signer;
  let anchor = findIssuer(current, trustAnchors);
  while (!anchor) {
    const next = findIssuer(
      current,
      intermediates.filter((candidate) => !path.includes(candidate)),
    );
    if (!next || !next.ca) break;
    path.push(next);
    current = next;
    anchor = findIssuer(current, trustAnchors);
  }
  if (!anchor) {
    reasons.push(`no path from "${signer.subject}" to a trust anchor`);
  }
  let validAtTime = true;
  for (const certificate of anchor ? [...path, anchor] : path) {
    if (at < new Date(certificate.validFrom) || at > new Date(certificate.validTo)) {
      validAtTime = false;
      reasons.push(`certificate "${certificate.subject}" is not valid at ${at.toISOString()}`);
    }
  }
  return { trusted: anchor !== undefined, validAtTime, reasons };
}

function findIssuer(
  certificate: X509Certificate,
  candidates: X509Certificate[],
): X509Certificate | undefined {
  return candidates.find(
    (candidate) => certificate.checkIssued(candidate) && certificate.verify(candidate.publicKey),
  );
}
