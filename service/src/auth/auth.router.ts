import express, { Router } from 'express';
import { TooManyRequestsError } from './auth-errors.js';
import type { AuthService } from './auth.service.js';
import { authenticate } from './authenticate.middleware.js';

/**
 * `POST /login` {username, password}, `POST /refresh` {refreshToken}, `POST /logout` and
 * `GET /me` (both with a Bearer access token). Mount it under /api/auth, ahead of any
 * authentication that covers all of /api, because login and refresh carry no access token.
 */
export function createAuthRouter(deps: { auth: AuthService }): Router {
  const router = Router();
  router.use(express.json({ limit: '16kb' }));
  router.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  router.post('/login', async (req, res) => {
    const { username, password } = req.body ?? {};
    try {
      res.json(await deps.auth.login(username, password, req.ip ?? 'unknown'));
    } catch (error) {
      if (error instanceof TooManyRequestsError) {
        res.setHeader('Retry-After', String(error.retryAfterSeconds));
        req.log?.warn({ ip: req.ip }, 'login rate limit reached');
      }
      throw error;
    }
  });

  router.post('/refresh', async (req, res) => {
    res.json(await deps.auth.refresh(req.body?.refreshToken));
  });

  router.post('/logout', authenticate(deps.auth), async (req, res) => {
    await deps.auth.logout(req.user!);
    res.status(204).end();
  });

  router.get('/me', authenticate(deps.auth), async (req, res) => {
    const profile = await deps.auth.profile(req.user!);
    res.json({ ...profile, sessionId: req.user!.sessionId });
  });

  return router;
}
