import type { ElementInstanceRow, ProcessInstanceRow } from './state.js';
import type { Step } from './step.js';

/**
 * Terminates an element instance and everything inside it, child process instances of call
 * activities included. Its jobs, user tasks, timers and subscriptions go at flush.
 */
export function terminateElement(step: Step, row: ElementInstanceRow): void {
  if (row.state !== 'ACTIVE') return;
  for (const child of step.activeChildren(row.key)) terminateElement(step, child);
  if (row.elementType === 'callActivity') {
    for (const instance of step.processInstances.values()) {
      if (instance.parentElementInstanceKey === row.key && instance.state === 'ACTIVE') {
        terminateProcessInstance(step, instance);
      }
    }
  }
  step.endElement(row, 'TERMINATED');
}

export function terminateProcessInstance(step: Step, instance: ProcessInstanceRow): void {
  if (instance.state !== 'ACTIVE') return;
  for (const child of step.activeChildren(instance.key)) terminateElement(step, child);
  instance.state = 'TERMINATED';
  instance.endedAt = step.now;
  instance.dirty = true;
}
