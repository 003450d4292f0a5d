/**
 * Calls to the docroute API with the logged-in user's Bearer token. Tokens live in
 * sessionStorage, so they end with the browser tab. A 401 response triggers one token refresh
 * and a retry. When the refresh fails too, the tokens are dropped and `onLoggedOut` runs.
 * Failed requests throw an Error with the problem's detail and the status in `error.status`.
 */

const tokenKeys = { access: 'docroute.accessToken', refresh: 'docroute.refreshToken' };

const session = {
  /** Runs when the session ends without the user logging out, such as an expired refresh. */
  onLoggedOut: () => {},
};

export function hasSession() {
  return sessionStorage.getItem(tokenKeys.access) !== null;
}

function storeTokens(pair) {
  sessionStorage.setItem(tokenKeys.access, pair.accessToken);
  sessionStorage.setItem(tokenKeys.refresh, pair.refreshToken);
}

function dropTokens() {
  sessionStorage.removeItem(tokenKeys.access);
  sessionStorage.removeItem(tokenKeys.refresh);
}

async function send(method, path, body, useToken) {
  const headers = body === undefined ? {} : { 'Content-Type': 'application/json' };
  const token = sessionStorage.getItem(tokenKeys.access);
  if (useToken && token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const type = response.headers.get('Content-Type') ?? '';
  const payload = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    const error = new Error(payload?.detail ?? `${method} ${path} failed with ${response.status}`);
    error.problem = payload;
    error.status = response.status;
    throw error;
  }
  return payload;
}

/** Refreshes the token pair. Concurrent callers share one refresh. */
let refreshing;
function refreshTokens() {
  refreshing ??= (async () => {
    const refreshToken = sessionStorage.getItem(tokenKeys.refresh);
    if (!refreshToken) throw new Error('no refresh token');
    storeTokens(await send('POST', '/api/auth/refresh', { refreshToken }, false));
  })().finally(() => {
    refreshing = undefined;
  });
  return refreshing;
}

async function request(method, path, body) {
  try {
    return await send(method, path, body, true);
  } catch (error) {
    if (error.status !== 401) throw error;
    try {
      await refreshTokens();
    } catch {
      dropTokens();
      session.onLoggedOut();
      throw error;
    }
    return send(method, path, body, true);
  }
}

/** Logs in and stores the tokens. Throws with the server's detail when the login is rejected. */
export async function logIn(username, password) {
  storeTokens(await send('POST', '/api/auth/login', { username, password }, false));
}

/** Ends the session on the server and drops the tokens. A failed server call is only logged. */
export async function logOut() {
  try {
    await send('POST', '/api/auth/logout', undefined, true);
  } catch (error) {
    console.warn('logout request failed', error);
  }
  dropTokens();
}

export { session };

export const api = {
  me: () => request('GET', '/api/auth/me'),
  elementTemplates: (language) => request('GET', `/api/modeler/element-templates?lang=${language}`),
  jobTypes: () => request('GET', '/api/modeler/job-types'),
  drafts: () => request('GET', '/api/modeler/drafts'),
  draft: (id) => request('GET', `/api/modeler/drafts/${id}`),
  saveDraft: (xml) => request('POST', '/api/modeler/drafts', { xml }),
  deployDraft: (id) => request('POST', `/api/modeler/drafts/${id}/deployment`),
  versions: (bpmnProcessId) =>
    request('GET', `/api/modeler/processes/${encodeURIComponent(bpmnProcessId)}/versions`),
  diff: (from, to) => request('GET', `/api/modeler/diff?from=${from}&to=${to}`),
  processes: () => request('GET', '/api/processes'),
  processXml: (key) => request('GET', `/api/processes/${key}/xml`),
  startInstance: (bpmnProcessId, version) =>
    request('POST', '/api/process-instances', { bpmnProcessId, version }),
  instance: (key) => request('GET', `/api/process-instances/${key}`),
};
