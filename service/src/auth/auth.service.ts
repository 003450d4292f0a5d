import type { Logger } from 'pino';
import { LessThan, type DataSource } from 'typeorm';
import { UnauthorizedError, ValidationError } from '../errors/index.js';
import { UserEntity, UserService } from '../org/index.js';
import { signAccessToken, verifyAccessToken, type AuthenticatedUser } from './access-token.js';
import { RevokedAccessTokenEntity } from './auth.entities.js';
import { resolveAuthOptions, type AuthOptions, type ResolvedAuthOptions } from './auth-options.js';
import { LoginRateLimiter } from './login-rate-limiter.js';
import { needsRehash, prepareDummyHash, verifyPassword } from './password-hasher.js';
import { RefreshTokenStore } from './refresh-tokens.js';

/** The response body of a login or a refresh. */
export interface TokenPair {
  tokenType: 'Bearer';
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  refreshToken: string;
  refreshTokenExpiresAt: string;
}

const INVALID_CREDENTIALS = 'invalid username or password';

/** Logs users in and out, and issues, refreshes and checks their tokens. */
export class AuthService {
  readonly options: ResolvedAuthOptions;
  private readonly users: UserService;
  private readonly limiter: LoginRateLimiter;
  private readonly refreshTokens: RefreshTokenStore;

  constructor(
    private readonly dataSource: DataSource,
    options: AuthOptions,
    private readonly logger?: Logger,
  ) {
    this.options = resolveAuthOptions(options);
    this.users = new UserService(dataSource, this.options.now);
    this.limiter = new LoginRateLimiter(dataSource, this.options);
    this.refreshTokens = new RefreshTokenStore(dataSource, this.options);
    prepareDummyHash().catch((error: unknown) => {
      this.logger?.error({ err: error }, 'preparing the dummy password hash failed');
    });
  }

  /**
   * Checks a username and password from client address `ip` and returns a token pair. An
   * unknown username, an inactive user and a wrong password get the same error after one scrypt
   * run each, so that a caller cannot tell which usernames exist.
   */
  async login(username: unknown, password: unknown, ip: string): Promise<TokenPair> {
    if (typeof username !== 'string' || typeof password !== 'string') {
      throw new ValidationError('username and password must both be strings', {
        field: typeof username !== 'string' ? 'username' : 'password',
      });
    }
    const name = username.trim().toLowerCase();
    const attempt = await this.limiter.begin(name, ip);
    const user = await this.users.findForLogin(name);
    const storedHash = user?.active ? (user.passwordHash ?? null) : null;
    if (!(await verifyPassword(password, storedHash))) {
      await this.limiter.fail();
      this.logger?.info({ username: name.slice(0, 64), ip }, 'login failed');
      throw new UnauthorizedError(INVALID_CREDENTIALS, { reason: 'invalid_credentials' });
    }
    await this.limiter.succeed(attempt);
    if (storedHash && needsRehash(storedHash)) await this.users.setPassword(user!.id, password);
    const refresh = await this.refreshTokens.issue(user!.id);
    this.logger?.info({ userId: user!.id, sessionId: refresh.familyId }, 'login succeeded');
    return this.tokenPair(user!, refresh);
  }

  /** Exchanges a refresh token for a new token pair; see RefreshTokenStore.rotate. */
  async refresh(refreshToken: unknown): Promise<TokenPair> {
    if (typeof refreshToken !== 'string' || refreshToken === '') {
      throw new ValidationError(
        'refreshToken must be the string returned by the last login or refresh',
        {
          field: 'refreshToken',
        },
      );
    }
    let refresh;
    try {
      refresh = await this.refreshTokens.rotate(refreshToken);
    } catch (error) {
      if (error instanceof UnauthorizedError && error.details.reason === 'refresh_token_reused') {
        this.logger?.warn({ sessionId: error.details.sessionId }, 'refresh token reused');
      }
      throw error;
    }
    const user = await this.users.get(refresh.userId);
    if (!user.active) {
      await this.refreshTokens.revokeFamily(refresh.familyId);
      throw new UnauthorizedError('user is deactivated', { reason: 'user_inactive' });
    }
    return this.tokenPair(user, refresh);
  }

  /** Ends the caller's session: revokes its refresh tokens and the access token in use. */
  async logout(caller: AuthenticatedUser): Promise<void> {
    await this.refreshTokens.revokeFamily(caller.sessionId);
    const revoked = this.dataSource.getRepository(RevokedAccessTokenEntity);
    if (!(await revoked.existsBy({ jti: caller.tokenId }))) {
      await revoked.insert({ jti: caller.tokenId, expiresAt: caller.expiresAt });
    }
    await revoked.delete({ expiresAt: LessThan(this.options.now()) });
    this.logger?.info({ userId: caller.id, sessionId: caller.sessionId }, 'logout');
  }

  /**
   * Verifies an access token and checks that it was not revoked by a logout and that its user is
   * still active, so a deactivation takes effect at the user's next request.
   */
  async authenticate(accessToken: string): Promise<AuthenticatedUser> {
    // NOTE: roles are read from the token, so a change of roles takes effect at the next refresh,
    // up to one access token lifetime later.
    const caller = verifyAccessToken(accessToken, this.options);
    const revoked = await this.dataSource
      .getRepository(RevokedAccessTokenEntity)
      .existsBy({ jti: caller.tokenId });
    if (revoked) {
      throw new UnauthorizedError('access token was revoked by a logout; log in again', {
        reason: 'token_revoked',
      });
    }
    const active = await this.dataSource
      .getRepository(UserEntity)
      .existsBy({ id: caller.id, active: true });
    if (!active) {
      throw new UnauthorizedError(
        'user is deactivated. Ask an administrator to reactivate the account',
        {
          reason: 'user_inactive',
        },
      );
    }
    return caller;
  }

  /** Revokes every refresh token of a user, for example when the user is deactivated. */
  async revokeSessions(userId: string): Promise<void> {
    await this.refreshTokens.revokeUser(userId);
    this.logger?.info({ userId }, 'sessions revoked');
  }

  /** Returns the stored profile of the caller. */
  async profile(caller: AuthenticatedUser): Promise<UserEntity> {
    return this.users.get(caller.id);
  }

  private tokenPair(
    user: UserEntity,
    refresh: { token: string; familyId: string; expiresAt: Date },
  ): TokenPair {
    const access = signAccessToken(
      {
        id: user.id,
        username: user.username,
        roles: user.roles,
        organId: user.organId,
        unitId: user.unitId,
        clearance: user.clearance,
        sessionId: refresh.familyId,
      },
      this.options,
    );
    return {
      tokenType: 'Bearer',
      accessToken: access.token,
      expiresIn: this.options.accessTokenTtlSeconds,
      refreshToken: refresh.token,
      refreshTokenExpiresAt: refresh.expiresAt.toISOString(),
    };
  }
}
