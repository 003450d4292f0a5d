import { ValidationError } from '../../errors/index.js';
import type { EngineContext } from './context.js';

/**
 * Checks a variables payload: a JSON object no larger than `maxVariableBytes` of UTF-8 JSON.
 * Documents belong in document storage, with only their id in a variable.
 */
export function checkVariables(context: EngineContext, variables: unknown, field: string): void {
  if (variables === undefined) return;
  if (typeof variables !== 'object' || variables === null || Array.isArray(variables)) {
    throw new ValidationError(`${field} must be a JSON object of variable names to values`, {
      field,
      value: variables,
    });
  }
  let json: string;
  try {
    json = JSON.stringify(variables);
  } catch (error) {
    throw new ValidationError(`${field} cannot be encoded as JSON: ${(error as Error).message}`, {
      field,
    });
  }
  const size = Buffer.byteLength(json, 'utf8');
  const limit = context.options.maxVariableBytes;
  if (size > limit) {
    throw new ValidationError(
      `${field} is ${size} bytes of JSON, above the limit of ${limit} bytes: store large content as a document and pass its id`,
      { field, size, limit },
    );
  }
}
