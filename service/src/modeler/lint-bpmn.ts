import { createRequire } from 'node:module';
import { BpmnModdle } from 'bpmn-moddle';
import { Linter } from 'bpmnlint';
import NodeResolver from 'bpmnlint/lib/resolver/node-resolver.js';
import type { Resolver, RuleFactory } from 'bpmnlint/lib/types.js';
import {
  createLintConfig,
  docroutePluginName,
  docrouteRules,
} from '../../../modeler/lint/lint-config.js';
import { ValidationError } from '../errors/index.js';

const require = createRequire(import.meta.url);
const zeebeDescriptor = require('zeebe-bpmn-moddle/resources/zeebe.json') as object;

export interface LintProblem {
  /** The bpmnlint rule, such as `docroute/user-task-due-date` or `camunda-compat/timer`. */
  rule: string;
  /** The id of the element at fault. */
  elementId: string;
  message: string;
  category: 'error' | 'warn' | 'info' | 'rule-error';
}

export interface LintResult {
  /** Problems that block a deployment: errors and rules that failed to run. */
  errors: LintProblem[];
  warnings: LintProblem[];
}

export interface LintOptions {
  /** The job types that have a worker in this installation. Without them the rule is off. */
  registeredJobTypes?: string[];
}

/** Resolves docroute's rules by name and every other plugin from node_modules. */
function createResolver(): Resolver {
  const nodeResolver = new NodeResolver({ require });
  return {
    resolveRule(pkg: string, ruleName: string): RuleFactory {
      if (pkg !== docroutePluginName) return nodeResolver.resolveRule(pkg, ruleName) as RuleFactory;
      const rule = docrouteRules[ruleName];
      if (!rule) throw new Error(`unknown rule <docroute/${ruleName}>`);
      return rule;
    },
    resolveConfig: (pkg, configName) => nodeResolver.resolveConfig(pkg, configName),
  };
}

async function parseBpmn(xml: string): Promise<unknown> {
  const moddle = new BpmnModdle({ zeebe: zeebeDescriptor });
  try {
    return (await moddle.fromXML(xml)).rootElement;
  } catch (error) {
    throw new ValidationError(
      `the BPMN XML could not be parsed: ${(error as Error).message}; export the diagram again`,
      { field: 'xml' },
      { cause: error },
    );
  }
}

/**
 * Lints BPMN XML with the rules that the modeler shows while drawing: Camunda 8.8
 * compatibility and docroute's own rules. Throws ValidationError when the XML does not parse.
 */
export async function lintBpmn(xml: string, options: LintOptions): Promise<LintResult> {
  const root = await parseBpmn(xml);
  const linter = new Linter({
    config: createLintConfig(options.registeredJobTypes),
    resolver: createResolver(),
  });
  const reports = await linter.lint(root);
  const problems: LintProblem[] = Object.entries(reports).flatMap(([rule, ruleReports]) =>
    ruleReports.map((report) => ({
      rule: rule.replace(/^bpmnlint-plugin-/, ''),
      elementId: String(report.id ?? ''),
      message: report.message,
      category: report.category as LintProblem['category'],
    })),
  );
  return {
    errors: problems.filter((p) => p.category === 'error' || p.category === 'rule-error'),
    warnings: problems.filter((p) => p.category === 'warn' || p.category === 'info'),
  };
}
