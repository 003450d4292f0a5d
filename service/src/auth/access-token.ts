import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { UnauthorizedError } from '../errors/index.js';
import type { Clearance, Role } from '../org/index.js';
import type { ResolvedAuthOptions } from './auth-options.js';

/** The caller of a request, read from a valid access token. */
export interface AuthenticatedUser {
  id: string;
  username: string;
  roles: Role[];
  organId: string;
  unitId: string;
  clearance: Clearance;
  /** Login session (refresh token family) that the token belongs to. */
  sessionId: string;
  /** The token's `jti`. */
  tokenId: string;
  expiresAt: Date;
}

interface AccessClaims {
  sub: string;
  jti: string;
  exp: number;
  iat: number;
  username: string;
  roles: Role[];
  organ: string;
  unit: string;
  clearance: Clearance;
  sid: string;
}

function seconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

/** Signs an HS256 access token for `user` that expires after the configured lifetime. */
export function signAccessToken(
  user: Omit<AuthenticatedUser, 'tokenId' | 'expiresAt'>,
  options: ResolvedAuthOptions,
): { token: string; expiresAt: Date } {
  const iat = seconds(options.now());
  const exp = iat + options.accessTokenTtlSeconds;
  const claims: AccessClaims = {
    sub: user.id,
    jti: randomUUID(),
    iat,
    exp,
    username: user.username,
    roles: user.roles,
    organ: user.organId,
    unit: user.unitId,
    clearance: user.clearance,
    sid: user.sessionId,
  };
  const token = jwt.sign(claims, options.jwtSecret, { algorithm: 'HS256' });
  return { token, expiresAt: new Date(exp * 1000) };
}

/**
 * Verifies an access token's signature and expiry against the configured clock and returns its
 * user. Throws UnauthorizedError with `reason` `token_expired` or `token_invalid`.
 */
export function verifyAccessToken(token: string, options: ResolvedAuthOptions): AuthenticatedUser {
  let claims: AccessClaims;
  try {
    claims = jwt.verify(token, options.jwtSecret, {
      algorithms: ['HS256'],
      clockTimestamp: seconds(options.now()),
    }) as AccessClaims;
  } catch (error) {
    if (error instanceof jwt.TokenExpiredError) {
      throw new UnauthorizedError(
        `access token expired at ${error.expiredAt.toISOString()}; ` +
          'get a new one with POST /api/auth/refresh',
        { reason: 'token_expired', expiredAt: error.expiredAt.toISOString() },
        { cause: error },
      );
    }
    throw new UnauthorizedError(
      'access token is invalid; log in again',
      {
        reason: 'token_invalid',
      },
      { cause: error },
    );
  }
  return {
    id: claims.sub,
    username: claims.username,
    roles: claims.roles,
    organId: claims.organ,
    unitId: claims.unit,
    clearance: claims.clearance,
    sessionId: claims.sid,
    tokenId: claims.jti,
    expiresAt: new Date(claims.exp * 1000),
  };
}
