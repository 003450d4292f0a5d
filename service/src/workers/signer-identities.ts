import { createHash, X509Certificate } from 'node:crypto';
import { BusinessRuleError, NotFoundError } from '../errors/index.js';
import {
  issueCertificate,
  type DevelopmentCa,
  type KeyStore,
  type SigningIdentity,
} from '../signing/index.js';
import { BPMN_ERROR_CODES } from './bpmn-error-codes.js';

/** The owner of a signing key, and the names that a newly issued certificate gets. */
export interface SignerSubject {
  kind: 'person' | 'organisation';
  /** The user id or the organisation's OrganId. */
  id: string;
  commonName: string;
  organisation: string;
}

const KEY_ID = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * Finds the signing key of a person or an organisation in the KeyStore. With a development CA
 * (the embedded default), a signer without a key gets a certificate issued and imported the first
 * time they sign. Without a CA, a missing key is the SIGNER_KEY_MISSING BPMN error.
 */
export class SignerIdentities {
  constructor(
    private readonly keyStore: KeyStore,
    private readonly developmentCa?: DevelopmentCa,
  ) {}

  async load(subject: SignerSubject): Promise<SigningIdentity> {
    const keyId = signerKeyId(subject);
    try {
      return await this.keyStore.load(keyId);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
    if (!this.developmentCa) {
      throw new BusinessRuleError(
        BPMN_ERROR_CODES.SIGNER_KEY_MISSING,
        `no signing key ${keyId} for ${subject.kind} ${subject.id}; import their PKCS #12 file first`,
        { signerKeyId: keyId },
        { field: 'keyId', value: keyId },
      );
    }
    const issued = issueCertificate(this.developmentCa, {
      kind: subject.kind,
      commonName: subject.commonName,
      organisation: subject.organisation,
    });
    await this.keyStore.importPkcs12(keyId, issued.pkcs12, issued.password);
    return this.keyStore.load(keyId);
  }
}

/**
 * Returns the KeyStore id of a signer: `person.<user id>` or `organisation.<OrganId>`, or the
 * SHA-256 of the id when it has characters that key ids do not allow.
 */
export function signerKeyId(subject: Pick<SignerSubject, 'kind' | 'id'>): string {
  const safe = KEY_ID.test(subject.id)
    ? subject.id
    : createHash('sha256').update(subject.id, 'utf8').digest('hex');
  return `${subject.kind}.${safe}`;
}

/** Returns the subject common name and organisation of an identity's signer certificate. */
export function certificateNames(identity: SigningIdentity): {
  commonName?: string;
  organisation?: string;
} {
  const subject = new X509Certificate(identity.certificateChain[0]!).subject;
  const field = (name: string) =>
    subject
      .split('\n')
      .find((line) => line.startsWith(`${name}=`))
      ?.slice(name.length + 1);
  return { commonName: field('CN'), organisation: field('O') };
}
