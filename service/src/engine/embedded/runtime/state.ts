import type { ProcessModel } from '../model/types.js';

/** Counters of a multi-instance body, stored in the body's `data` column. */
export interface MultiInstanceData {
  items: unknown[];
  /** Index of the next item to start (sequential) or the item count once all started. */
  next: number;
  active: number;
  completed: number;
}

export type ElementState = 'ACTIVE' | 'COMPLETED' | 'TERMINATED';

export interface ElementInstanceRow {
  key: string;
  processInstanceKey: string;
  rootKey: string;
  elementId: string;
  elementType: string;
  flowScopeKey: string;
  state: ElementState;
  loopCounter: number | null;
  data: MultiInstanceData | null;
  createdAt: Date;
  endedAt: Date | null;
  isNew: boolean;
  dirty: boolean;
}

export interface ProcessInstanceRow {
  key: string;
  rootKey: string;
  definitionKey: string;
  bpmnProcessId: string;
  version: number;
  state: ElementState;
  parentElementInstanceKey: string | null;
  parentProcessInstanceKey: string | null;
  createdAt: Date;
  endedAt: Date | null;
  isNew: boolean;
  dirty: boolean;
  model: ProcessModel;
}

/** Work queued during a step; the step runs it in order until the queue is empty. */
export type Action =
  | {
      type: 'activate';
      elementId: string;
      flowScopeKey: string;
      processInstanceKey: string;
      /** Inner instance of a multi-instance body: the item index. */
      loopIndex?: number;
      /** Sub-processes entered through an event start: that start event's id. */
      startEventId?: string;
      /** Variables of the trigger (message, error) that started this element. */
      variables?: Record<string, unknown>;
      /** Catch events behind an event-based gateway whose event already happened. */
      triggered?: boolean;
    }
  | { type: 'takeFlow'; flowId: string; flowScopeKey: string; processInstanceKey: string }
  | { type: 'complete'; elementInstanceKey: string; variables?: Record<string, unknown> }
  | { type: 'checkScope'; scopeKey: string }
  | {
      type: 'trigger';
      /** The element instance that owns the subscription or timer, or a process instance. */
      ownerKey: string;
      elementId: string;
      processInstanceKey: string;
      variables?: Record<string, unknown>;
    };

/** Raised inside the token walk when an element cannot go on until a user fixes something. */
export class IncidentSignal extends Error {
  constructor(
    readonly errorType:
      | 'EXTRACT_VALUE_ERROR'
      | 'IO_MAPPING_ERROR'
      | 'CALLED_ELEMENT_ERROR'
      | 'CONDITION_ERROR'
      | 'UNHANDLED_ERROR_EVENT',
    message: string,
  ) {
    super(message);
  }
}
