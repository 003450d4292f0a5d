/**
 * Redaction of query string parameters whose names mark them as secrets, such as
 * `?access_token=…` or `?password=…`, in the `url` and `query` fields of request logs.
 */

export const redactedValue = '[redacted]';

/**
 * Parameter names treated as secret, compared in lower case with `-` and `_` removed, so that
 * `access_token`, `accessToken` and `Access-Token` all match. Names are matched whole, not as
 * suffixes, because ids such as `processInstanceKey` must stay readable in the log.
 */
const secretNames = new Set([
  'token',
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'password',
  'passwd',
  'secret',
  'clientsecret',
  'key',
  'apikey',
  'signature',
  'sig',
  'xamzsignature',
  'code',
]);

function decodeName(raw: string): string {
  try {
    return decodeURIComponent(raw.replaceAll('+', ' '));
  } catch {
    return raw;
  }
}

/** Returns true when a query parameter of this name carries a secret. */
export function isSecretParameter(name: string): boolean {
  return secretNames.has(name.toLowerCase().replace(/[-_]/g, ''));
}

/**
 * Returns `url` with the value of each secret query parameter replaced by `[redacted]`. Other
 * parameters keep their original encoding.
 */
export function redactUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart === -1) return url;
  const parts = url.slice(queryStart + 1).split('&');
  const redacted = parts.map((part) => {
    const equals = part.indexOf('=');
    const rawName = equals === -1 ? part : part.slice(0, equals);
    if (equals === -1 || !isSecretParameter(decodeName(rawName))) return part;
    return `${rawName}=${redactedValue}`;
  });
  return `${url.slice(0, queryStart + 1)}${redacted.join('&')}`;
}

/** Returns a copy of a parsed query object with the values of secret parameters replaced. */
export function redactQuery(query: unknown): unknown {
  if (query === null || typeof query !== 'object') return query;
  return Object.fromEntries(
    Object.entries(query).map(([name, value]) => [
      name,
      isSecretParameter(name) ? redactedValue : value,
    ]),
  );
}
