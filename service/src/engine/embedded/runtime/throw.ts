import type { Element } from '../model/types.js';
import { eventSubProcessStarts, startEventSubProcess } from './events.js';
import { isInnerInstance } from './multi-instance.js';
import type { ElementInstanceRow } from './state.js';
import type { Step } from './step.js';
import { terminateElement } from './terminate.js';

type CatchKind = 'error' | 'escalation';

type Catcher =
  | { kind: 'boundary'; owner: ElementInstanceRow; event: Element }
  | { kind: 'eventSubProcess'; scopeKey: string; processInstanceKey: string; start: Element };

function codeOf(element: Element, kind: CatchKind): string | undefined | null {
  const event = element.event;
  if (event?.kind !== kind) return null;
  return event.kind === 'error'
    ? event.errorCode
    : event.kind === 'escalation'
      ? event.escalationCode
      : null;
}

/** Picks the catch event for `code`: an exact code match first, then a catch-all. */
function pickCatch(candidates: Element[], kind: CatchKind, code: string): Element | undefined {
  const matching = candidates.filter((element) => codeOf(element, kind) !== null);
  return (
    matching.find((element) => codeOf(element, kind) === code) ??
    matching.find((element) => !codeOf(element, kind))
  );
}

/**
 * Finds the nearest boundary event or event sub-process that catches `code`, from the throwing
 * element outwards through sub-processes and up through call activities.
 */
function findCatcher(
  step: Step,
  source: ElementInstanceRow,
  kind: CatchKind,
  code: string,
): Catcher | undefined {
  let current: ElementInstanceRow | undefined = source;
  while (current) {
    const model = step.modelOf(current.processInstanceKey);
    if (!isInnerInstance(step, current)) {
      const boundaries = step.elementOf(current).boundaryEventIds.map((id) => model.elements[id]!);
      const event = pickCatch(boundaries, kind, code);
      if (event) return { kind: 'boundary', owner: current, event };
    }
    const scopeKey: string = current.flowScopeKey;
    const scopeRow = step.elements.get(scopeKey);
    const instance = step.processInstance(current.processInstanceKey);
    const scopeId = scopeRow ? scopeRow.elementId : instance.bpmnProcessId;
    if (!scopeRow || scopeRow.elementType === 'subProcess') {
      const starts = eventSubProcessStarts(step, instance.key, scopeId);
      const start = pickCatch(starts, kind, code);
      if (start)
        return { kind: 'eventSubProcess', scopeKey, processInstanceKey: instance.key, start };
    }
    current = scopeRow ?? parentOf(step, instance.parentElementInstanceKey);
  }
  return undefined;
}

function parentOf(step: Step, key: string | null): ElementInstanceRow | undefined {
  return key === null ? undefined : step.elements.get(key);
}

function applyCatch(step: Step, catcher: Catcher, variables: Record<string, unknown>): void {
  if (catcher.kind === 'eventSubProcess') {
    startEventSubProcess(
      step,
      catcher.scopeKey,
      catcher.processInstanceKey,
      catcher.start,
      variables,
    );
    return;
  }
  const { owner, event } = catcher;
  if (event.interrupting !== false) terminateElement(step, owner);
  step.agenda.push({
    type: 'activate',
    elementId: event.id,
    flowScopeKey: owner.flowScopeKey,
    processInstanceKey: owner.processInstanceKey,
    variables,
  });
}

/** Throws a BPMN error from an element instance; returns false when nothing catches it. */
export async function throwBpmnError(
  step: Step,
  source: ElementInstanceRow,
  code: string,
  _message: string | undefined,
  variables: Record<string, unknown>,
): Promise<boolean> {
  const catcher = findCatcher(step, source, 'error', code);
  if (!catcher) return false;
  applyCatch(step, catcher, variables);
  return true;
}

/** Throws an escalation; when nothing catches it the process goes on, as in Zeebe. */
export async function throwEscalation(
  step: Step,
  source: ElementInstanceRow,
  code: string,
): Promise<void> {
  const catcher = findCatcher(step, source, 'escalation', code);
  if (catcher) {
    applyCatch(step, catcher, {});
    return;
  }
  step.engine.logger.warn(
    {
      processInstanceKey: source.processInstanceKey,
      elementId: source.elementId,
      escalationCode: code,
    },
    'escalation not caught; the process goes on',
  );
}

/** Terminates everything else in a terminate end event's scope. */
export function terminateSiblings(step: Step, row: ElementInstanceRow): void {
  for (const sibling of step.activeChildren(row.flowScopeKey)) {
    if (sibling.key !== row.key) terminateElement(step, sibling);
  }
  step.agenda = step.agenda.filter(
    (action) =>
      !(
        (action.type === 'activate' || action.type === 'takeFlow') &&
        action.flowScopeKey === row.flowScopeKey
      ),
  );
}
