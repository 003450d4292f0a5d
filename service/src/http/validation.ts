import { z } from 'zod';
import { ValidationError } from '../errors/index.js';

/** Engine keys are unsigned 64-bit integers written in decimal, as in Zeebe's REST API. */
const decimalKey = /^[0-9]{1,20}$/;

/** Returns `value` when it is a decimal key, else throws a `ValidationError` naming it. */
export function parseKey(value: unknown, field = 'key'): string {
  if (typeof value === 'string' && decimalKey.test(value)) return value;
  throw new ValidationError(
    `invalid ${field} "${String(value)}": expected a decimal number of up to 20 digits`,
    { field, value },
  );
}

export const keySchema = z
  .string()
  .regex(decimalKey, 'expected a decimal number of up to 20 digits');

/**
 * Creates a request body schema that rejects unknown keys, so that a misspelt field is a 400
 * naming the key and listing the accepted ones instead of being dropped without notice.
 */
export function requestBodySchema<Shape extends z.ZodRawShape>(shape: Shape) {
  const accepted = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code !== 'unrecognized_keys') return undefined;
      const keys = issue.keys.map((key) => `"${key}"`).join(', ');
      return `unknown field ${keys}; the accepted fields are ${accepted}`;
    },
  });
}

/** Levels of objects and arrays allowed inside a variable value; deeper values are rejected. */
export const MAX_VARIABLE_DEPTH = 64;

interface ValueProblem {
  path: PropertyKey[];
  message: string;
}

/**
 * Returns the first problem in a variables object: a number that is not finite, or a value nested
 * deeper than MAX_VARIABLE_DEPTH. JSON.parse turns a literal such as 1e400 into Infinity, which
 * JSON cannot store, and very deep values overflow the call stack when they are encoded again.
 * The walk uses a stack, not recursion, so that it cannot overflow itself.
 */
function findValueProblem(variables: Record<string, unknown>): ValueProblem | undefined {
  const pending: Array<{ value: unknown; path: PropertyKey[] }> = Object.entries(variables).map(
    ([name, value]) => ({ value, path: [name] }),
  );
  while (pending.length > 0) {
    const { value, path } = pending.pop()!;
    if (typeof value === 'number' && !Number.isFinite(value)) {
      return {
        path,
        message: 'number is too large to store; send a finite number, or a string for big values',
      };
    }
    if (value === null || typeof value !== 'object') continue;
    if (path.length > MAX_VARIABLE_DEPTH) {
      return {
        path: path.slice(0, 1),
        message: `value is nested more than ${MAX_VARIABLE_DEPTH} levels deep; flatten it`,
      };
    }
    for (const [key, child] of Object.entries(value)) {
      const step = Array.isArray(value) ? Number(key) : key;
      pending.push({ value: child, path: [...path, step] });
    }
  }
  return undefined;
}

/**
 * Process variables: an object of named values. Names must not be empty, every number must be
 * finite, and values may nest at most MAX_VARIABLE_DEPTH levels deep.
 * NOTE: numeric variables arrive as JSON numbers, so integers beyond 2^53 lose precision when
 * parsed. Clients must send such values (register numbers, large ids) as strings.
 */
export const variablesSchema = z
  .record(z.string(), z.unknown())
  .superRefine((variables, context) => {
    if (Object.hasOwn(variables, '')) {
      context.addIssue({
        code: 'custom',
        message: 'a variable name is empty; give every variable a non-empty name',
        input: variables,
      });
    }
    const problem = findValueProblem(variables);
    if (problem) {
      context.addIssue({ code: 'custom', ...problem, input: variables });
    }
  });

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let current = input;
  for (const step of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[step];
  }
  return current;
}

function fieldName(where: string, path: PropertyKey[]): string {
  return path.length === 0 ? where : path.map(String).join('.');
}

/**
 * Validates `input` (a request body or query) against `schema`. On failure it throws a
 * `ValidationError` for the first issue, naming the field, the value received and the
 * expectation; `issues` lists every issue.
 */
export function parseInput<T extends z.ZodType>(
  schema: T,
  input: unknown,
  where: 'body' | 'query',
): z.output<T> {
  if (where === 'body' && (input === undefined || input === null)) {
    throw new ValidationError(
      'missing request body: send a JSON object with Content-Type application/json',
      { field: 'body' },
    );
  }
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    field: fieldName(where, issue.path),
    message: issue.message,
  }));
  const first = result.error.issues[0]!;
  if (first.code === 'unrecognized_keys') {
    // An unknown key is named as the field, and the message lists the accepted keys.
    const path = [...first.path, first.keys[0]!];
    throw new ValidationError(`invalid request ${where}: ${first.message}`, {
      field: fieldName(where, path),
      issues,
    });
  }
  const field = fieldName(where, first.path);
  return failWith(field, valueAt(input, first.path), first.message, issues);
}

/** Keeps Infinity and NaN visible, because JSON would show them as null. */
function printableValue(value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;
}

function failWith(
  field: string,
  value: unknown,
  message: string,
  issues: Array<{ field: string; message: string }>,
): never {
  throw new ValidationError(`invalid ${field}: ${message}`, {
    field,
    ...(value !== undefined ? { value: printableValue(value) } : {}),
    issues,
  });
}
