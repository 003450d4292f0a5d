import type { Config, RuleFactory } from 'bpmnlint/lib/types.js';
import jobTypeRegistered from './job-type-registered.rule.js';
import userTaskAssignment from './user-task-assignment.rule.js';
import userTaskDueDate from './user-task-due-date.rule.js';

/** The package name under which bpmnlint resolves docroute's own rules. */
export const docroutePluginName = 'bpmnlint-plugin-docroute';

/** The Camunda compatibility configuration for the Zeebe version that docroute targets. */
export const camundaCompatConfig = 'camunda-cloud-8-8';

/** docroute's bpmnlint rules by name, as a bpmnlint plugin exports them. */
export const docrouteRules: Record<string, RuleFactory> = {
  'user-task-assignment': userTaskAssignment,
  'user-task-due-date': userTaskDueDate,
  'job-type-registered': jobTypeRegistered,
};

/**
 * Builds the lint configuration that the modeler shows while drawing and the server enforces at
 * deploy: Camunda 8.8 compatibility plus docroute's rules. Without `registeredJobTypes` the job
 * type rule is off, for checks that run before the job workers exist.
 */
export function createLintConfig(registeredJobTypes?: string[]): Config {
  return {
    extends: [`plugin:camunda-compat/${camundaCompatConfig}`],
    rules: {
      'docroute/user-task-assignment': 'error',
      'docroute/user-task-due-date': 'error',
      'docroute/job-type-registered': registeredJobTypes
        ? ['error', { registeredJobTypes }]
        : 'off',
    },
  };
}
