import type { DeployResource } from '../engine/index.js';
import { ValidationError } from '../errors/index.js';
import { lintBpmn, type LintProblem } from './lint-bpmn.js';

/** A lint problem in one file of a deployment. */
export interface DeploymentProblem extends LintProblem {
  resourceName: string;
}

export interface DeploymentLint {
  errors: DeploymentProblem[];
  warnings: DeploymentProblem[];
}

function resourceText(resource: DeployResource): string {
  return typeof resource.content === 'string'
    ? resource.content
    : resource.content.toString('utf8');
}

/** Lints one file. XML that does not parse becomes an error of the rule `bpmn-xml`. */
async function lintResource(
  resource: DeployResource,
  registeredJobTypes: string[] | undefined,
): Promise<DeploymentLint> {
  const withFile = (problem: LintProblem): DeploymentProblem => ({
    resourceName: resource.name,
    ...problem,
  });
  try {
    const result = await lintBpmn(resourceText(resource), { registeredJobTypes });
    return { errors: result.errors.map(withFile), warnings: result.warnings.map(withFile) };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const problem: LintProblem = {
      rule: 'bpmn-xml',
      elementId: '',
      message: error.message,
      category: 'error',
    };
    return { errors: [withFile(problem)], warnings: [] };
  }
}

/**
 * Lints every file of a deployment with the rules that the modeler shows while drawing: Camunda
 * compatibility for the targeted Zeebe version and docroute's rules. The job type rule is off
 * when `registeredJobTypes` is undefined.
 */
export async function lintDeployment(
  resources: DeployResource[],
  registeredJobTypes: string[] | undefined,
): Promise<DeploymentLint> {
  const results = await Promise.all(resources.map((r) => lintResource(r, registeredJobTypes)));
  return {
    errors: results.flatMap((result) => result.errors),
    warnings: results.flatMap((result) => result.warnings),
  };
}

/**
 * Lints a deployment and throws a ValidationError (400) whose `problems` list the file, element
 * id, rule and message of every error. Returns the warnings when there is no error.
 */
export async function assertDeployable(
  resources: DeployResource[],
  registeredJobTypes: string[] | undefined,
): Promise<DeploymentProblem[]> {
  const { errors, warnings } = await lintDeployment(resources, registeredJobTypes);
  if (errors.length === 0) return warnings;
  const first = errors[0]!;
  const where = first.elementId
    ? `${first.resourceName}, element ${first.elementId}`
    : first.resourceName;
  throw new ValidationError(
    `the BPMN fails ${errors.length} lint rule check(s), first in ${where}: ${first.message} ` +
      `(${first.rule}); fix the diagram in the modeler and deploy again`,
    { field: 'resources', problems: errors },
  );
}
