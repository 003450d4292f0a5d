import { findFeelSyntaxError } from '../feel/index.js';
import type { BpmnElement } from './moddle.js';
import type { DeployProblem, Expression } from './types.js';

/** Turns `bpmn:IntermediateCatchEvent` into `Intermediate catch event` for messages. */
export function describeType(type: string): string {
  const local = type.replace(/^[a-z]+:/, '').replace('SubProcess', 'Sub-process');
  const words = local.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Describes an element for a message, such as `Service task 'sign'`. */
export function describeElement(element: BpmnElement): string {
  const type = element.triggeredByEvent ? 'Event sub-process' : describeType(element.$type);
  return `${type} '${element.id}'`;
}

/** Formats a problem as one line: the file, then the message. */
export function formatProblem(problem: DeployProblem): string {
  return `${problem.resourceName}: ${problem.message}`;
}

/** Collects every problem of one resource, so that a deployment reports them all at once. */
export class ProblemCollector {
  readonly problems: DeployProblem[] = [];

  constructor(readonly resourceName: string) {}

  /** Records a problem with the file itself. */
  addFileProblem(message: string): void {
    this.problems.push({ resourceName: this.resourceName, message });
  }

  /** Records a problem with an element; `reason` follows the element's description. */
  addElementProblem(element: BpmnElement, reason: string): void {
    this.problems.push({
      resourceName: this.resourceName,
      elementId: element.id,
      elementType: element.$type,
      message: `${describeElement(element)} ${reason}`,
    });
  }

  /**
   * Converts an attribute value to an Expression: text after a leading `=` is FEEL, anything
   * else is static. Records a problem when the FEEL text does not parse, naming the attribute
   * by `label`.
   */
  readExpression(element: BpmnElement, label: string, text: string): Expression {
    const trimmed = text.trim();
    if (!trimmed.startsWith('=')) return { kind: 'static', value: text };
    const feel = trimmed.slice(1);
    const syntaxError = findFeelSyntaxError(feel);
    if (syntaxError) {
      this.addElementProblem(
        element,
        `has an invalid FEEL expression in ${label} '${trimmed}': ${syntaxError}`,
      );
    }
    return { kind: 'feel', feel };
  }

  /** Like {@link readExpression}, but undefined for an absent or empty value. */
  readOptionalExpression(
    element: BpmnElement,
    label: string,
    text: string | undefined,
  ): Expression | undefined {
    if (text === undefined || text.trim() === '') return undefined;
    return this.readExpression(element, label, text);
  }
}
