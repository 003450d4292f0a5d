import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A refresh token, stored as its SHA-256 hash. Each use replaces it with a new token of the same
 * family; a second use of a replaced token revokes the whole family.
 */
@Entity({ name: 'auth_refresh_tokens' })
export class RefreshTokenEntity {
  /** SHA-256 of the token, hex. */
  @PrimaryColumn({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash!: string;

  /** Shared by every token issued from one login. */
  @Column({ name: 'family_id', type: 'varchar', length: 36 })
  familyId!: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  @Column({ name: 'expires_at', type: 'datetime', precision: 3 })
  expiresAt!: Date;

  /** When the token was exchanged for its successor. */
  @Column({ name: 'rotated_at', type: 'datetime', precision: 3, nullable: true })
  rotatedAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'datetime', precision: 3, nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}

/** An access token revoked by logout before it expires, kept until `expiresAt`. */
@Entity({ name: 'auth_revoked_access_tokens' })
export class RevokedAccessTokenEntity {
  @PrimaryColumn({ name: 'jti', type: 'varchar', length: 36 })
  jti!: string;

  @Column({ name: 'expires_at', type: 'datetime', precision: 3 })
  expiresAt!: Date;
}

/** One failed login, counted per username and per client IP address. */
@Entity({ name: 'auth_login_failures' })
export class LoginFailureEntity {
  @PrimaryGeneratedColumn({ name: 'id', type: 'integer' })
  id!: number;

  /** `username:<name>` or `ip:<address>`. */
  @Column({ name: 'subject', type: 'varchar', length: 120 })
  subject!: string;

  @Column({ name: 'failed_at', type: 'datetime', precision: 3 })
  failedAt!: Date;
}

export const authEntities: Array<new () => object> = [
  RefreshTokenEntity,
  RevokedAccessTokenEntity,
  LoginFailureEntity,
];
