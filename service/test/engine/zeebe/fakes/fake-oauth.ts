import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';

import jwt from 'jsonwebtoken';

export interface TokenRequest {
  clientId: string;
  audience: string | null;
  grantType: string;
}

export interface FakeOAuthServer {
  /** The token endpoint URL. */
  url: string;
  requests: TokenRequest[];
  /** The access token the server hands out for the right credentials. */
  token: string;
  stop(): Promise<void>;
}

/**
 * Starts a loopback OAuth 2.0 token endpoint for the client credentials grant. It returns a signed
 * JWT for the right client id and secret (the SDK reads its `exp` to cache it) and 401
 * `invalid_client` for anything else.
 */
export async function startFakeOAuthServer(credentials: {
  clientId: string;
  clientSecret: string;
}): Promise<FakeOAuthServer> {
  const requests: TokenRequest[] = [];
  const token = jwt.sign({ sub: credentials.clientId }, 'fake-oauth-signing-key', {
    expiresIn: '1h',
  });
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      requests.push({
        clientId: form.get('client_id') ?? '',
        audience: form.get('audience'),
        grantType: form.get('grant_type') ?? '',
      });
      const valid =
        req.method === 'POST' &&
        form.get('grant_type') === 'client_credentials' &&
        form.get('client_id') === credentials.clientId &&
        form.get('client_secret') === credentials.clientSecret;
      res.setHeader('content-type', 'application/json');
      if (!valid) {
        res.statusCode = 401;
        res.end(
          JSON.stringify({
            error: 'invalid_client',
            error_description: 'Invalid client credentials',
          }),
        );
        return;
      }
      res.end(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 3600 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/oauth/token`,
    requests,
    token,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
