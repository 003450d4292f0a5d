import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { IsNull, type DataSource, type Repository } from 'typeorm';
import { runWriteTransaction } from '../db/write-transaction.js';
import { UnauthorizedError } from '../errors/index.js';
import { RefreshTokenEntity } from './auth.entities.js';
import type { ResolvedAuthOptions } from './auth-options.js';

const TOKEN_BYTES = 32;

function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

type RotationOutcome =
  | { kind: 'issued'; issued: IssuedRefreshToken }
  | { kind: 'reused'; familyId: string }
  | { kind: 'rejected'; message: string };

export interface IssuedRefreshToken {
  token: string;
  familyId: string;
  userId: string;
  expiresAt: Date;
}

/**
 * Opaque refresh tokens: 32 random bytes, base64url, stored only as their SHA-256 hash. A token
 * is exchanged once; presenting an exchanged token again means that it leaked, so every token of
 * its family is revoked.
 */
export class RefreshTokenStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly options: ResolvedAuthOptions,
  ) {}

  /** Issues the first token of a new family (a new login session). */
  async issue(userId: string): Promise<IssuedRefreshToken> {
    return this.insert(this.dataSource.getRepository(RefreshTokenEntity), userId, randomUUID());
  }

  /**
   * Exchanges `token` for a new token of the same family. Throws UnauthorizedError when the
   * token is unknown, expired or revoked, and revokes the family when it was already exchanged.
   */
  async rotate(token: string): Promise<IssuedRefreshToken> {
    const tokenHash = hashToken(token);
    const outcome = await runWriteTransaction(
      this.dataSource,
      async (manager): Promise<RotationOutcome> => {
        const repository = manager.getRepository(RefreshTokenEntity);
        const stored = await repository.findOneBy({ tokenHash });
        if (!stored)
          return { kind: 'rejected', message: 'refresh token is not valid; log in again' };
        if (stored.revokedAt)
          return { kind: 'rejected', message: 'refresh token was revoked; log in again' };
        if (stored.expiresAt.getTime() <= this.options.now().getTime()) {
          return { kind: 'rejected', message: 'refresh token expired; log in again' };
        }
        const now = this.options.now();
        const claimed = await repository.update(
          { tokenHash, rotatedAt: IsNull() },
          { rotatedAt: now },
        );
        if (claimed.affected !== 1) {
          await this.revokeFamilyWith(repository, stored.familyId);
          return { kind: 'reused', familyId: stored.familyId };
        }
        return {
          kind: 'issued',
          issued: await this.insert(repository, stored.userId, stored.familyId),
        };
      },
    );
    if (outcome.kind === 'issued') return outcome.issued;
    if (outcome.kind === 'reused') {
      throw new UnauthorizedError(
        'refresh token was already used, so the session has been revoked; log in again',
        { reason: 'refresh_token_reused', sessionId: outcome.familyId },
      );
    }
    throw new UnauthorizedError(outcome.message, { reason: 'refresh_token_invalid' });
  }

  /** Revokes every token of a family, ending that login session. */
  async revokeFamily(familyId: string): Promise<void> {
    await this.revokeFamilyWith(this.dataSource.getRepository(RefreshTokenEntity), familyId);
  }

  /** Revokes every refresh token of `userId`, ending all of the user's sessions. */
  async revokeUser(userId: string): Promise<void> {
    await runWriteTransaction(this.dataSource, async (manager) => {
      await manager
        .getRepository(RefreshTokenEntity)
        .update({ userId, revokedAt: IsNull() }, { revokedAt: this.options.now() });
    });
  }

  private async revokeFamilyWith(
    repository: Repository<RefreshTokenEntity>,
    familyId: string,
  ): Promise<void> {
    await repository.update({ familyId, revokedAt: IsNull() }, { revokedAt: this.options.now() });
  }

  private async insert(
    repository: Repository<RefreshTokenEntity>,
    userId: string,
    familyId: string,
  ): Promise<IssuedRefreshToken> {
    const token = randomBytes(TOKEN_BYTES).toString('base64url');
    const now = this.options.now();
    const expiresAt = new Date(now.getTime() + this.options.refreshTokenTtlSeconds * 1000);
    await repository.insert({
      tokenHash: hashToken(token),
      familyId,
      userId,
      expiresAt,
      rotatedAt: null,
      revokedAt: null,
      createdAt: now,
    });
    return { token, familyId, userId, expiresAt };
  }
}
