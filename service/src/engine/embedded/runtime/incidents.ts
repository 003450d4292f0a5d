import type { IncidentErrorType } from '../../port.js';
import type { ElementInstanceRow } from './state.js';
import type { Step } from './step.js';

/** The step that resolving an incident runs again: the activation, the completion, or the job. */
export type RetryAction = 'activate' | 'complete' | 'job';

/** Records an incident on an element instance; its token stops until the incident is resolved. */
export async function raiseIncident(
  step: Step,
  row: ElementInstanceRow,
  errorType: IncidentErrorType,
  errorMessage: string,
  retryAction: RetryAction,
  jobKey: string | null = null,
): Promise<string> {
  const instance = step.processInstance(row.processInstanceKey);
  const key = await step.newKey();
  step.insert('engine_incident', {
    key,
    process_instance_key: instance.key,
    root_key: instance.rootKey,
    definition_key: instance.definitionKey,
    bpmn_process_id: instance.bpmnProcessId,
    element_id: row.elementId,
    element_instance_key: row.key,
    job_key: jobKey,
    error_type: errorType,
    error_message: errorMessage,
    state: 'ACTIVE',
    retry_action: retryAction,
    created_at: step.dialect.time(step.now),
    resolved_at: null,
  });
  const fields = {
    incidentKey: key,
    processInstanceKey: instance.key,
    bpmnProcessId: instance.bpmnProcessId,
    elementId: row.elementId,
    errorType,
    errorMessage,
  };
  step.afterCommit.push(() => step.engine.logger.error(fields, 'incident raised'));
  return key;
}
