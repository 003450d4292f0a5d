import type { RuleDefinition } from 'bpmnlint/lib/types.js';
import { findExtension, isFilled, type ModdleElement } from './zeebe-extensions.js';

/**
 * Reports a user task without a due date (`zeebe:taskSchedule dueDate`). docroute treats every
 * user task as an approval step, and every approval step needs a deadline.
 */
export default function userTaskDueDate(): RuleDefinition {
  return {
    check(node: ModdleElement, reporter) {
      if (!node.$instanceOf('bpmn:UserTask')) return;
      const schedule = findExtension(node, 'zeebe:TaskSchedule');
      if (isFilled(schedule?.dueDate)) return;
      reporter.report(node.id, 'User task has no due date', ['extensionElements']);
    },
  };
}
