import { date, dateAndTime, evaluate, parseExpression, type Warning } from 'feelin';
import { PermanentError } from '../../../errors/index.js';
import type { Expression } from '../model/types.js';
import { ORDERING_FUNCTION, orderingFunction, rewriteOrderings } from './ordering.js';
import { toJsonValue } from './to-json.js';

export interface EvaluationOptions {
  /** The instant that `now()` and `today()` return; the current time when absent. */
  now?: Date;
}

/**
 * A FEEL expression that does not parse, fails while evaluating, or returns the wrong type. The
 * runtime raises an incident with this message.
 */
export class ExpressionError extends PermanentError {
  override readonly code: string = 'EXPRESSION_FAILED';
  readonly expression: string;

  constructor(expression: string, reason: string, options?: { cause?: unknown }) {
    super(`Failed to evaluate expression '${expression}': ${reason}`, { expression }, options);
    this.expression = expression;
  }
}

/**
 * Returns the reason a FEEL expression (without its leading `=`) does not parse, with the
 * position of the first syntax error, or undefined when it parses.
 */
export function findFeelSyntaxError(feel: string): string | undefined {
  if (feel.trim() === '') return 'the expression is empty';
  const tree = parseExpression(feel, {}, undefined);
  let errorAt: number | undefined;
  tree.iterate({
    enter(node) {
      if (errorAt === undefined && node.type.isError) errorAt = node.from;
      return errorAt === undefined;
    },
  });
  if (errorAt === undefined) return undefined;
  const near = feel.slice(errorAt, errorAt + 20);
  return near === ''
    ? `syntax error at the end (position ${errorAt + 1}): the expression is incomplete`
    : `syntax error at position ${errorAt + 1}, near '${near}'`;
}

/**
 * Evaluates a FEEL expression (without its leading `=`) against `context` and returns a JSON
 * value: missing variables are null, failed operations give null as in Camunda 8, and dates,
 * date-times and durations become strings. Throws ExpressionError when the text does not parse.
 */
export function evaluateFeel(
  feel: string,
  context: Record<string, unknown>,
  options: EvaluationOptions = {},
): unknown {
  return toJsonValue(evaluateRaw(feel, context, options).value);
}

/** Evaluates a model value: a static value returns its text, a FEEL expression its result. */
export function evaluateExpression(
  expression: Expression,
  context: Record<string, unknown>,
  options: EvaluationOptions = {},
): unknown {
  if (expression.kind === 'static') return expression.value;
  return evaluateFeel(expression.feel, context, options);
}

/**
 * Evaluates a sequence flow or completion condition. Throws ExpressionError unless the result
 * is a boolean, as Zeebe raises an incident for a null or non-boolean condition. A static
 * `true` or `false` is accepted.
 */
export function evaluateCondition(
  expression: Expression,
  context: Record<string, unknown>,
  options: EvaluationOptions = {},
): boolean {
  const text = expression.kind === 'feel' ? expression.feel : expression.value;
  if (expression.kind === 'static') {
    if (text === 'true' || text === 'false') return text === 'true';
    throw new ExpressionError(text, `expected a boolean condition but got the text '${text}'`);
  }
  const result = evaluateRaw(text, context, options);
  if (typeof result.value === 'boolean') return result.value;
  const got = result.value === null ? 'null' : `${typeOfValue(result.value)}`;
  throw new ExpressionError(
    text,
    `expected a boolean but got ${got}${describeWarnings(result.warnings)}`,
  );
}

function evaluateRaw(
  feel: string,
  context: Record<string, unknown>,
  options: EvaluationOptions,
): { value: unknown; warnings: Warning[] } {
  const prepared = prepare(feel, Object.keys(context));
  const instant = options.now ?? new Date();
  const evaluationContext: Record<string, unknown> = {
    now: () => dateAndTime(instant.toISOString()),
    // NOTE: today() takes the date in UTC; Zeebe uses the broker's default time zone.
    today: () => date(instant.toISOString().slice(0, 10)),
    ...context,
    [ORDERING_FUNCTION]: orderingFunction,
  };
  try {
    return evaluate(prepared, evaluationContext);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ExpressionError(feel, reason, { cause: error });
  }
}

const PREPARED_LIMIT = 1000;
const preparedCache = new Map<string, string>();

/**
 * Checks the syntax and rewrites the orderings of an expression, cached by its text. Variable
 * names with spaces change how feelin tokenises the text, so they are part of the cache key.
 */
function prepare(feel: string, variableNames: string[]): string {
  const spacedNames = variableNames.filter((name) => /\s/.test(name));
  const key = spacedNames.length === 0 ? feel : `${feel}\u0000${spacedNames.join('\u0000')}`;
  const cached = preparedCache.get(key);
  if (cached !== undefined) return cached;
  const syntaxError = findFeelSyntaxError(feel);
  if (syntaxError) throw new ExpressionError(feel, syntaxError);
  let rewritten: string;
  try {
    rewritten = rewriteOrderings(feel, spacedNames);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ExpressionError(feel, reason, { cause: error });
  }
  if (preparedCache.size >= PREPARED_LIMIT) preparedCache.clear();
  preparedCache.set(key, rewritten);
  return rewritten;
}

function typeOfValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return `a ${value?.constructor?.name ?? 'context'}`;
  return `the ${typeof value} ${JSON.stringify(value)}`;
}

function describeWarnings(warnings: Warning[]): string {
  if (warnings.length === 0) return '';
  return ` (${warnings.map((warning) => warning.message).join('; ')})`;
}
