import type { RuleDefinition } from 'bpmnlint/lib/types.js';
import { findExtension, type ModdleElement } from './zeebe-extensions.js';

export interface JobTypeRuleOptions {
  /** The job types that have a worker in this installation. */
  registeredJobTypes: string[];
}

/**
 * Reports a job-based task whose literal job type has no registered worker, since its jobs
 * would wait forever. A FEEL job type (`=...`) is only known at run time and is not checked,
 * and a missing job type is left to the Camunda compatibility rules.
 */
export default function jobTypeRegistered(options?: JobTypeRuleOptions): RuleDefinition {
  if (!Array.isArray(options?.registeredJobTypes)) {
    throw new Error('rule job-type-registered needs the option registeredJobTypes (string[])');
  }
  const registered = new Set(options.registeredJobTypes);
  return {
    check(node: ModdleElement, reporter) {
      const definition = findExtension(node, 'zeebe:TaskDefinition');
      const type: unknown = definition?.type;
      if (typeof type !== 'string' || type === '' || type.startsWith('=')) return;
      if (registered.has(type)) return;
      reporter.report(node.id, `No worker is registered for job type "${type}"`, [
        'extensionElements',
      ]);
    },
  };
}
