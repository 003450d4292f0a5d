import { evaluateExpression } from '../feel/index.js';
import type { Expression, Mapping } from '../model/types.js';
import { IncidentSignal } from './state.js';
import type { Step } from './step.js';

type IncidentType = IncidentSignal['errorType'];

/** Lists the scopes visible from `scopeKey`, innermost first, ending at its process instance. */
export function scopeChain(step: Step, scopeKey: string): string[] {
  const chain: string[] = [];
  let current: string | undefined = scopeKey;
  while (current !== undefined) {
    chain.push(current);
    const element = step.elements.get(current);
    current = element ? element.flowScopeKey : undefined;
  }
  return chain;
}

/** Merges the variables visible from a scope, where an inner scope's variable hides an outer one. */
export async function visibleVariables(
  step: Step,
  scopeKey: string,
): Promise<Record<string, unknown>> {
  const chain = scopeChain(step, scopeKey);
  await step.loadScopes(chain);
  const merged: Record<string, unknown> = {};
  for (const key of [...chain].reverse()) {
    for (const [name, value] of step.variables.get(key)!) merged[name] = value;
  }
  return merged;
}

export async function setLocalVariables(
  step: Step,
  scopeKey: string,
  variables: Record<string, unknown>,
): Promise<void> {
  await step.loadScopes([scopeKey]);
  for (const [name, value] of Object.entries(variables)) step.setVariable(scopeKey, name, value);
}

/**
 * Sets each variable on the nearest scope, from `scopeKey` outwards, that already has it, or on
 * the process instance when none has it.
 */
export async function propagateVariables(
  step: Step,
  scopeKey: string,
  variables: Record<string, unknown>,
): Promise<void> {
  const chain = scopeChain(step, scopeKey);
  await step.loadScopes(chain);
  for (const [name, value] of Object.entries(variables)) {
    const target = chain.find((key) => step.variables.get(key)!.has(name)) ?? chain.at(-1)!;
    step.setVariable(target, name, value);
  }
}

/** Evaluates a model expression; a failure becomes an incident of `incidentType`. */
export function evaluate(
  step: Step,
  expression: Expression,
  context: Record<string, unknown>,
  incidentType: IncidentType = 'EXTRACT_VALUE_ERROR',
): unknown {
  try {
    return evaluateExpression(expression, context, { now: step.now });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new IncidentSignal(incidentType, reason);
  }
}

/** Evaluates mappings in order, so a later source can read the targets set before it. */
export function evaluateMappings(
  step: Step,
  mappings: Mapping[],
  context: Record<string, unknown>,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const scope = { ...context };
  for (const mapping of mappings) {
    const value = evaluate(step, mapping.source, scope, 'IO_MAPPING_ERROR');
    assignPath(result, mapping.target, value);
    assignPath(scope, mapping.target, value);
  }
  return result;
}

/** Assigns `a.b.c` targets as nested objects, as Zeebe does for mapping targets. */
function assignPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let current = target;
  for (const part of parts.slice(0, -1)) {
    const next = current[part];
    current[part] = typeof next === 'object' && next !== null ? { ...(next as object) } : {};
    current = current[part] as Record<string, unknown>;
  }
  current[parts.at(-1)!] = value;
}
