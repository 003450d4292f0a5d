/**
 * HTTP client of the task list. Tokens live in sessionStorage, so that they end with the tab. A 401
 * response triggers one refresh of the token pair and a retry. When the refresh fails as well, the
 * session ends and every listener of `onSessionEnd` is called.
 */

const ACCESS_TOKEN_KEY = 'docroute.accessToken';
const REFRESH_TOKEN_KEY = 'docroute.refreshToken';

/** An RFC 9457 problem document as the service sends it. */
export interface Problem {
  status: number;
  title?: string;
  detail?: string;
  code?: string;
  field?: string;
  /** Set on 429: how long the client must wait before it tries again. */
  retryAfterSeconds?: number;
}

/** A request that the service responded to with an error status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

/** The session ended: the access token was rejected and could not be refreshed. */
export class SessionEndedError extends Error {}

interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

const sessionEndListeners = new Set<() => void>();
let pendingRefresh: Promise<boolean> | undefined;

export function onSessionEnd(listener: () => void): () => void {
  sessionEndListeners.add(listener);
  return () => sessionEndListeners.delete(listener);
}

export function hasSession(): boolean {
  return sessionStorage.getItem(ACCESS_TOKEN_KEY) !== null;
}

function storeTokens(tokens: TokenPair): void {
  sessionStorage.setItem(ACCESS_TOKEN_KEY, tokens.accessToken);
  sessionStorage.setItem(REFRESH_TOKEN_KEY, tokens.refreshToken);
}

export function clearSession(): void {
  sessionStorage.removeItem(ACCESS_TOKEN_KEY);
  sessionStorage.removeItem(REFRESH_TOKEN_KEY);
}

async function problemOf(response: Response): Promise<Problem> {
  const text = await response.text();
  try {
    return { status: response.status, ...(JSON.parse(text) as Partial<Problem>) };
  } catch {
    return { status: response.status, detail: text || response.statusText };
  }
}

async function refreshTokens(): Promise<boolean> {
  const refreshToken = sessionStorage.getItem(REFRESH_TOKEN_KEY);
  if (!refreshToken) return false;
  const response = await fetch('/api/auth/refresh', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ refreshToken }),
  });
  if (!response.ok) return false;
  storeTokens((await response.json()) as TokenPair);
  return true;
}

/** Refreshes the token pair once for all requests that received a 401 at the same time. */
function refreshOnce(): Promise<boolean> {
  pendingRefresh ??= refreshTokens().finally(() => {
    pendingRefresh = undefined;
  });
  return pendingRefresh;
}

function endSession(): never {
  clearSession();
  for (const listener of sessionEndListeners) listener();
  throw new SessionEndedError('session ended');
}

function send(method: string, path: string, body: unknown): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = sessionStorage.getItem(ACCESS_TOKEN_KEY);
  if (token) headers.Authorization = `Bearer ${token}`;
  const init: RequestInit = { method, headers };
  if (body instanceof FormData) {
    init.body = body;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  return fetch(path, init);
}

/** Sends a request with the session's token and returns the response, refreshing once on 401. */
async function authorised(method: string, path: string, body?: unknown): Promise<Response> {
  let response = await send(method, path, body);
  if (response.status === 401) {
    if (!(await refreshOnce())) endSession();
    response = await send(method, path, body);
    if (response.status === 401) endSession();
  }
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  return response;
}

export async function getJson<T>(path: string): Promise<T> {
  return (await (await authorised('GET', path)).json()) as T;
}

/** Sends a JSON body and returns the JSON response, or undefined for 204 No Content. */
export async function postJson<T>(path: string, body: unknown = {}): Promise<T | undefined> {
  const response = await authorised('POST', path, body);
  if (response.status === 204) return undefined;
  const text = await response.text();
  return text ? (JSON.parse(text) as T) : undefined;
}

/** Uploads a file to the file store and returns its id, for a form field of type `file`. */
export async function uploadFile(file: File): Promise<{ id: string }> {
  const form = new FormData();
  form.append('file', file, file.name);
  return (await (await authorised('POST', '/api/files', form)).json()) as { id: string };
}

/** The response of POST /api/signatures/verify: one report per signature, oldest first. */
export interface SignatureCheck {
  valid: boolean;
  signatures: { signerCommonName?: string; valid: boolean; reasons: string[] }[];
}

/** Checks the digital signatures of a PDF without storing it. */
export async function verifySignatures(file: File): Promise<SignatureCheck> {
  const form = new FormData();
  form.append('file', file, file.name);
  const response = await authorised('POST', '/api/signatures/verify', form);
  return (await response.json()) as SignatureCheck;
}

export async function getBytes(path: string): Promise<ArrayBuffer> {
  return (await authorised('GET', path)).arrayBuffer();
}

/** Logs in and stores the token pair. A wrong password rejects with the server's ApiError. */
export async function login(username: string, password: string): Promise<void> {
  const response = await fetch('/api/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  storeTokens((await response.json()) as TokenPair);
}

/** Ends the session on the server when it still accepts the token, then clears the tokens. */
export async function logout(): Promise<void> {
  try {
    await send('POST', '/api/auth/logout', undefined);
  } finally {
    clearSession();
  }
}
