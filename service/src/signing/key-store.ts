import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  randomBytes,
  X509Certificate,
} from 'node:crypto';
import { PermanentError, NotFoundError, ValidationError } from '../errors/index.js';
import type { SigningIdentity } from './cms-signature.js';
import { readPkcs12 } from './pkcs12.js';

/** One stored signing key: the certificate chain and PKCS #8 key, encrypted with AES-256-GCM. */
export interface KeyRecord {
  id: string;
  /** The signer certificate's subject, kept in clear so records can be listed. */
  subject: string;
  createdAt: string;
  iv: string;
  authTag: string;
  ciphertext: string;
}

/** Storage of encrypted key records. KeyStore never passes it a plaintext key. */
export interface KeyRecordStorage {
  save(record: KeyRecord): Promise<void>;
  load(id: string): Promise<KeyRecord | undefined>;
}

export interface ImportedKey {
  id: string;
  subject: string;
  notAfter: Date;
}

const ID_PATTERN = /^[A-Za-z0-9._-]{1,128}$/;
const IV_BYTES = 12;

/**
 * Imports PKCS #12 files and returns signing identities, keeping keys encrypted at rest under a
 * 32-byte key from configuration. Each record has its own random IV, and its id is bound in as
 * additional authenticated data, so a record copied under another id fails to decrypt.
 */
export class KeyStore {
  private readonly storage: KeyRecordStorage;
  private readonly encryptionKey: Buffer;

  constructor(storage: KeyRecordStorage, encryptionKey: Buffer) {
    if (encryptionKey.length !== 32) {
      throw new ValidationError(
        `Key store encryption key must be 32 bytes for AES-256-GCM, got ${encryptionKey.length}`,
        { field: 'encryptionKey', value: `${encryptionKey.length} bytes` },
      );
    }
    this.storage = storage;
    this.encryptionKey = Buffer.from(encryptionKey);
  }

  async importPkcs12(id: string, pkcs12: Buffer, password: string): Promise<ImportedKey> {
    assertKeyId(id);
    const identity = readPkcs12(pkcs12, password);
    const plaintext = Buffer.from(JSON.stringify(serialiseIdentity(identity)), 'utf8');
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    cipher.setAAD(additionalData(id));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    plaintext.fill(0);
    const leaf = new X509Certificate(identity.certificateChain[0]!);
    await this.storage.save({
      id,
      subject: leaf.subject,
      createdAt: new Date().toISOString(),
      iv: iv.toString('base64'),
      authTag: cipher.getAuthTag().toString('base64'),
      ciphertext: ciphertext.toString('base64'),
    });
    return { id, subject: leaf.subject, notAfter: new Date(leaf.validTo) };
  }

  async load(id: string): Promise<SigningIdentity> {
    assertKeyId(id);
    const record = await this.storage.load(id);
    if (!record) {
      throw new NotFoundError(`Signing key ${id} not found`, { field: 'keyId', value: id });
    }
    return deserialiseIdentity(this.decrypt(record));
  }

  private decrypt(record: KeyRecord): Buffer {
    try {
      const decipher = createDecipheriv(
        'aes-256-gcm',
        this.encryptionKey,
        Buffer.from(record.iv, 'base64'),
      );
      decipher.setAAD(additionalData(record.id));
      decipher.setAuthTag(Buffer.from(record.authTag, 'base64'));
      return Buffer.concat([
        decipher.update(Buffer.from(record.ciphertext, 'base64')),
        decipher.final(),
      ]);
    } catch (error) {
      throw new PermanentError(
        `Signing key ${record.id} cannot be decrypted: the encryption key is wrong or the record was altered`,
        { field: 'keyId', value: record.id },
        { cause: error },
      );
    }
  }
}

interface SerialisedIdentity {
  certificateChain: string[];
  privateKey: string;
}

function serialiseIdentity(identity: SigningIdentity): SerialisedIdentity {
  return {
    certificateChain: identity.certificateChain.map((der) => der.toString('base64')),
    privateKey: identity.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
  };
}

function deserialiseIdentity(plaintext: Buffer): SigningIdentity {
  const parsed = JSON.parse(plaintext.toString('utf8')) as SerialisedIdentity;
  plaintext.fill(0);
  return {
    certificateChain: parsed.certificateChain.map((der) => Buffer.from(der, 'base64')),
    privateKey: createPrivateKey({
      key: Buffer.from(parsed.privateKey, 'base64'),
      format: 'der',
      type: 'pkcs8',
    }),
  };
}

function additionalData(id: string): Buffer {
  return Buffer.from(`docroute signing key ${id}`, 'utf8');
}

function assertKeyId(id: string): void {
  if (!ID_PATTERN.test(id)) {
    throw new ValidationError(
      `Invalid signing key id ${JSON.stringify(id)}: use 1 to 128 letters, digits, dots, dashes or underscores`,
      { field: 'keyId', value: id },
    );
  }
}
