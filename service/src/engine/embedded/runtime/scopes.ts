import { completeElement } from './completion.js';
import { completeProcessInstance } from './instances.js';
import type { Step } from './step.js';

/** Checks that a scope (element or process instance) exists in this step and is active. */
export function isScopeActive(step: Step, scopeKey: string): boolean {
  const element = step.elements.get(scopeKey);
  if (element) return element.state === 'ACTIVE';
  return step.processInstances.get(scopeKey)?.state === 'ACTIVE';
}

function hasPendingWork(step: Step, scopeKey: string): boolean {
  if (step.activeChildren(scopeKey).length > 0) return true;
  const queued = step.agenda.some(
    (action) =>
      (action.type === 'activate' || action.type === 'takeFlow') &&
      action.flowScopeKey === scopeKey,
  );
  if (queued) return true;
  const tokens = step.joinTokens.get(scopeKey);
  return tokens !== undefined && [...tokens.values()].some((count) => count > 0);
}

/**
 * Completes a sub-process or process instance once nothing in it is active, queued or waiting
 * at a join (the implicit end of a scope).
 */
export async function checkScope(step: Step, scopeKey: string): Promise<void> {
  if (!isScopeActive(step, scopeKey) || hasPendingWork(step, scopeKey)) return;
  const element = step.elements.get(scopeKey);
  if (element) {
    if (element.elementType === 'subProcess') await completeElement(step, element);
    return;
  }
  await completeProcessInstance(step, step.processInstance(scopeKey));
}
