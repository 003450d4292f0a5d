import { ValidationError } from '../errors/index.js';

/**
 * Checks of a request's shape before its fields are read. The body must be a JSON object, and
 * every body key or query parameter must be one the route accepts. A misspelt name is then a 400
 * instead of being dropped without notice.
 */

/** Returns the body as an object, `{}` when the request has none, or throws for any other JSON. */
export function checkBodyObject(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new ValidationError(
      'request body must be a JSON object, such as {"documentId": "…"}; send an object, not ' +
        (Array.isArray(body) ? 'an array' : `a ${typeof body}`),
      { field: 'body', value: body },
    );
  }
  return body as Record<string, unknown>;
}

/** Checks that every key of `input` is one of `accepted`, naming the first unknown key. */
export function checkKnownKeys(
  input: Record<string, unknown>,
  accepted: readonly string[],
  where: 'field' | 'query parameter',
): void {
  const unknown = Object.keys(input).find((key) => !accepted.includes(key));
  if (unknown === undefined) return;
  throw new ValidationError(
    `unknown ${where} "${unknown}"; the accepted ${where}s are ${accepted.join(', ')}`,
    { field: unknown, value: input[unknown], accepted },
  );
}

/** Checks a request body: a JSON object whose keys are all in `accepted`. */
export function checkBody(body: unknown, accepted: readonly string[]): Record<string, unknown> {
  const object = checkBodyObject(body);
  checkKnownKeys(object, accepted, 'field');
  return object;
}

/** Checks a query: known parameters only, each given once as text. */
export function checkQuery(
  query: Record<string, unknown>,
  accepted: readonly string[],
): Record<string, string> {
  checkKnownKeys(query, accepted, 'query parameter');
  for (const [name, value] of Object.entries(query)) {
    if (typeof value !== 'string') {
      throw new ValidationError(`query parameter ${name} must be given once, as text`, {
        field: name,
        value,
      });
    }
  }
  return query as Record<string, string>;
}

/** Checks that `value` is one of `allowed`, naming the field, the value and the allowed ones. */
export function checkOneOf<T extends string>(
  field: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined || allowed.includes(value as T)) return value as T | undefined;
  throw new ValidationError(`${field} must be one of ${allowed.join(', ')}`, {
    field,
    value,
    allowed,
  });
}
