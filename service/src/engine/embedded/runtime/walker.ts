import { activateElement } from './activation.js';
import { completeElement } from './completion.js';
import { triggerEvent } from './events.js';
import { activateReadyInclusiveJoins, takeFlow } from './gateways.js';
import { checkScope } from './scopes.js';
import type { Action } from './state.js';
import type { Step } from './step.js';

/** Runs queued actions until every token waits (on a job, task, timer, message, join, incident). */
export async function runAgenda(step: Step): Promise<void> {
  for (;;) {
    let action: Action | undefined;
    while ((action = step.agenda.shift()) !== undefined) await runAction(step, action);
    if (!(await activateReadyInclusiveJoins(step))) return;
  }
}

async function runAction(step: Step, action: Action): Promise<void> {
  switch (action.type) {
    case 'activate':
      return activateElement(step, action);
    case 'takeFlow':
      return takeFlow(step, action);
    case 'complete': {
      const row = step.elements.get(action.elementInstanceKey);
      if (row?.state === 'ACTIVE') await completeElement(step, row, action.variables);
      return;
    }
    case 'checkScope':
      return checkScope(step, action.scopeKey);
    case 'trigger':
      return triggerEvent(step, action);
  }
}
