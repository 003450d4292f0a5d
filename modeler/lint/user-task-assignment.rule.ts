import type { RuleDefinition } from 'bpmnlint/lib/types.js';
import { findExtension, isFilled, type ModdleElement } from './zeebe-extensions.js';

/**
 * Reports a user task without an assignee and without candidate groups, because no user would
 * find it in a task list.
 */
export default function userTaskAssignment(): RuleDefinition {
  return {
    check(node: ModdleElement, reporter) {
      if (!node.$instanceOf('bpmn:UserTask')) return;
      const assignment = findExtension(node, 'zeebe:AssignmentDefinition');
      if (isFilled(assignment?.assignee) || isFilled(assignment?.candidateGroups)) return;
      reporter.report(node.id, 'User task has no assignee and no candidate group', [
        'extensionElements',
      ]);
    },
  };
}
