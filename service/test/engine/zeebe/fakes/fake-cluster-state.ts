import { status as GrpcStatus } from '@grpc/grpc-js';

import type { FakeProcessModel } from './fake-bpmn.js';

export type Json = Record<string, unknown>;

/** A command the fake broker rejects; `code` is the gRPC status Zeebe documents for the case. */
export class FakeRejection extends Error {
  constructor(
    readonly code: GrpcStatus,
    message: string,
  ) {
    super(message);
  }
}

/** Builds a message in the broker's format: `Command 'X' rejected with code 'Y': reason`. */
export function rejection(code: GrpcStatus, command: string, reason: string): FakeRejection {
  return new FakeRejection(
    code,
    `Command '${command}' rejected with code '${GrpcStatus[code]}': ${reason}`,
  );
}

export interface DefinitionRecord {
  key: string;
  bpmnProcessId: string;
  version: number;
  resourceName: string;
  name?: string;
  xml: string;
  deploymentKey: string;
  model: FakeProcessModel;
}

export type ElementState = 'ACTIVE' | 'COMPLETED' | 'TERMINATED';

export interface InstanceRecord {
  key: string;
  definition: DefinitionRecord;
  state: ElementState;
  variables: Json;
  startDate: string;
  endDate?: string;
}

export interface ElementRecord {
  key: string;
  instanceKey: string;
  elementId: string;
  type: string;
  state: ElementState;
  startDate: string;
  endDate?: string;
  variables: Json;
  incidentKey?: string;
}

export type JobState =
  'ACTIVATABLE' | 'ACTIVATED' | 'FAILED' | 'COMPLETED' | 'ERROR_THROWN' | 'CANCELED';

export interface JobRecord {
  key: string;
  type: string;
  instanceKey: string;
  element: ElementRecord;
  customHeaders: Record<string, string>;
  retries: number;
  state: JobState;
  worker: string;
  deadline: number;
  activatableAt: number;
  errorMessage: string;
  /** BPMN error codes an attached boundary event catches. */
  catches: string[];
}

export interface IncidentRecord {
  key: string;
  instanceKey: string;
  element: ElementRecord;
  jobKey?: string;
  errorType: string;
  errorMessage: string;
  state: 'ACTIVE' | 'RESOLVED';
  creationTime: string;
}

export interface UserTaskRecord {
  key: string;
  instanceKey: string;
  element: ElementRecord;
  name?: string;
  state: 'CREATED' | 'COMPLETED' | 'CANCELED';
  assignee?: string;
  candidateGroups: string[];
  candidateUsers: string[];
  dueDate?: string;
  followUpDate?: string;
  formKey?: string;
  priority: number;
  customHeaders: Record<string, string>;
  creationDate: string;
  completionDate?: string;
}

/** A job that every new instance of a process gets, as if a token reached that service task. */
export interface JobTemplate {
  type: string;
  elementId: string;
  customHeaders?: Record<string, string>;
  retries?: number;
  variables?: Json;
  catches?: string[];
}

/** A Camunda user task (`zeebe:userTask`) that every new instance of a process gets. */
export interface UserTaskTemplate {
  elementId: string;
  name?: string;
  assignee?: string;
  candidateGroups?: string[];
  candidateUsers?: string[];
  dueDate?: string;
  followUpDate?: string;
  formKey?: string;
  priority?: number;
}

/** Parses a variables document as the gateway does: it must be a JSON object, or empty. */
export function parseDocument(command: string, text: string | undefined): Json {
  if (!text) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw rejection(
      GrpcStatus.INVALID_ARGUMENT,
      command,
      `Expected document to be valid JSON, but got '${text}'`,
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw rejection(
      GrpcStatus.INVALID_ARGUMENT,
      command,
      `Expected document to be a root level object, but was '${text}'`,
    );
  }
  return parsed as Json;
}
