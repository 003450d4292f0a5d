import type { CamundaRestClient, CamundaRestApiTypes, Zeebe } from '@camunda8/sdk';

import { NotFoundError, ValidationError } from '../../errors/index.js';
import type {
  ElementInstance,
  Incident,
  IncidentFilter,
  InstanceState,
  ProcessDefinition,
  ProcessInstance,
  ResolveIncidentRequest,
  Variables,
} from '../port.js';
import { callZeebe, requireKey } from './zeebe-errors.js';
import { restToElementInstance, restToIncident } from './zeebe-mappers.js';

const PAGE_SIZE = 100;

interface Page<T> {
  items: T[];
  page: { totalItems: number };
}

/** The deployment of a process definition, known only for deployments made by this process. */
export interface DeploymentRecord {
  deploymentKey: string;
  deployedAt: Date;
}

/**
 * Read-side of the Zeebe adapter: definitions, instances, history and incidents come from the
 * Camunda 8 REST API (v2) searches, which read Camunda's secondary storage. That storage is
 * filled by an exporter, so a change may show up there a moment after the command succeeded.
 */
export class ZeebeQueries {
  constructor(
    private readonly rest: CamundaRestClient,
    private readonly grpc: Zeebe.ZeebeGrpcClient,
    private readonly deployments: Map<string, DeploymentRecord>,
  ) {}

  async listDefinitions(filter: { bpmnProcessId?: string } = {}): Promise<ProcessDefinition[]> {
    const items = await this.searchAll('listDefinitions', (page) =>
      this.rest.searchProcessDefinitions({
        filter: filter.bpmnProcessId ? { processDefinitionId: filter.bpmnProcessId } : {},
        sort: [
          { field: 'processDefinitionId', order: 'ASC' },
          { field: 'version', order: 'ASC' },
        ],
        page,
      }),
    );
    return items.map((item) => this.toDefinition(item));
  }

  private toDefinition(item: CamundaRestApiTypes.ProcessDefinitionDetails): ProcessDefinition {
    const key = String(item.processDefinitionKey);
    // NOTE: the REST API returns neither the deployment key nor the deployment time. They are known
    // only for definitions this process deployed, and others get '' and the Unix epoch.
    const deployment = this.deployments.get(key);
    return {
      bpmnProcessId: item.processDefinitionId,
      version: Number(item.version),
      processDefinitionKey: key,
      resourceName: item.resourceName,
      name: item.name || undefined,
      deploymentKey: deployment?.deploymentKey ?? '',
      deployedAt: deployment?.deployedAt ?? new Date(0),
    };
  }

  async getDefinitionXml(processDefinitionKey: string): Promise<string> {
    const key = requireKey(processDefinitionKey, 'processDefinitionKey');
    return callZeebe(
      { operation: 'getDefinitionXml', details: { processDefinitionKey: key } },
      () => this.rest.getProcessDefinitionXML(key),
    );
  }

  async getInstance(processInstanceKey: string): Promise<ProcessInstance> {
    const key = requireKey(processInstanceKey, 'processInstanceKey');
    const instance = await this.findInstance(key);
    const [variables, elements, incidents] = await Promise.all([
      this.rootVariables(key),
      this.elementInstances(key, 'ACTIVE'),
      this.listIncidents({ processInstanceKey: key, state: 'ACTIVE' }),
    ]);
    return {
      processInstanceKey: key,
      processDefinitionKey: String(instance.processDefinitionKey),
      bpmnProcessId: instance.processDefinitionId,
      version: Number(instance.processDefinitionVersion),
      state: toInstanceState(instance.state),
      parentProcessInstanceKey: instance.parentProcessInstanceKey
        ? String(instance.parentProcessInstanceKey)
        : undefined,
      startedAt: new Date(instance.startDate),
      endedAt: instance.endDate ? new Date(instance.endDate) : undefined,
      variables,
      activeElements: elements,
      incidents,
    };
  }

  async getInstanceHistory(processInstanceKey: string): Promise<ElementInstance[]> {
    const key = requireKey(processInstanceKey, 'processInstanceKey');
    await this.findInstance(key);
    return this.elementInstances(key);
  }

  private async findInstance(key: string): Promise<CamundaRestApiTypes.ProcessInstanceDetails> {
    const result = await callZeebe(
      { operation: 'getInstance', details: { processInstanceKey: key } },
      () => this.rest.searchProcessInstances({ filter: { processInstanceKey: key } }),
    );
    const instance = result.items[0];
    if (!instance) {
      throw new NotFoundError(`Process instance ${key} not found`, {
        field: 'processInstanceKey',
        value: key,
      });
    }
    return instance;
  }

  private async rootVariables(key: string): Promise<Variables> {
    const items = await this.searchAll('getInstance', (page) =>
      this.rest.searchVariables({ filter: { processInstanceKey: key, scopeKey: key }, page }),
    );
    const variables: Variables = {};
    for (const item of items) {
      variables[item.name] = item.isTruncated
        ? await this.fullValue(String(item.variableKey))
        : (JSON.parse(item.value) as unknown);
    }
    return variables;
  }

  /** Fetches a variable whose value the search cut short; the SDK returns it parsed. */
  private async fullValue(variableKey: string): Promise<unknown> {
    const context = { operation: 'getInstance', details: { variableKey } };
    const variable = await callZeebe(context, () => this.rest.getVariable({ variableKey }));
    return variable.value as unknown;
  }

  private async elementInstances(key: string, state?: 'ACTIVE'): Promise<ElementInstance[]> {
    const items = await this.searchAll('getInstanceHistory', (page) =>
      this.rest.searchElementInstances({
        filter: state ? { processInstanceKey: key, state } : { processInstanceKey: key },
        sort: [{ field: 'startDate', order: 'ASC' }],
        page,
      }),
    );
    return items.filter((item) => item.type !== 'PROCESS').map(restToElementInstance);
  }

  async listIncidents(filter: IncidentFilter = {}): Promise<Incident[]> {
    const limit = filter.limit ?? Number.POSITIVE_INFINITY;
    if (filter.limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
      throw new ValidationError(`limit ${filter.limit} is invalid: expected a positive integer`, {
        field: 'limit',
        value: filter.limit,
      });
    }
    const restFilter: CamundaRestApiTypes.IncidentSearchRequestFilter = {};
    if (filter.processInstanceKey) {
      restFilter.processInstanceKey = requireKey(filter.processInstanceKey, 'processInstanceKey');
    }
    if (filter.state) restFilter.state = filter.state;
    const items = await this.searchAll(
      'listIncidents',
      (page) =>
        this.rest.searchIncidents({
          filter: restFilter,
          sort: [{ field: 'creationTime', order: 'ASC' }],
          page,
        }),
      limit,
    );
    return items.map(restToIncident);
  }

  /** Gives a job incident its retries back first, because resolving alone would fail again. */
  async resolveIncident(request: ResolveIncidentRequest): Promise<void> {
    const incidentKey = requireKey(request.incidentKey, 'incidentKey');
    const retries = request.retries ?? 1;
    if (!Number.isInteger(retries) || retries < 1) {
      throw new ValidationError(
        `retries ${request.retries} is invalid: expected an integer of 1 or more`,
        {
          field: 'retries',
          value: request.retries,
        },
      );
    }
    const [incident] = await this.listIncidentsByKey(incidentKey);
    if (!incident) {
      throw new NotFoundError(`Incident ${incidentKey} not found`, {
        field: 'incidentKey',
        value: incidentKey,
      });
    }
    const context = {
      operation: 'resolveIncident',
      details: { incidentKey, jobKey: incident.jobKey },
    };
    if (incident.jobKey) {
      const jobKey = incident.jobKey;
      await callZeebe(context, () => this.grpc.updateJobRetries({ jobKey, retries }));
    }
    await callZeebe(context, () => this.grpc.resolveIncident({ incidentKey }));
  }

  private async listIncidentsByKey(incidentKey: string): Promise<Incident[]> {
    const result = await callZeebe({ operation: 'resolveIncident', details: { incidentKey } }, () =>
      this.rest.searchIncidents({ filter: { incidentKey } }),
    );
    return result.items.map(restToIncident);
  }

  /** Reads every page of a REST search, up to `limit` items. */
  private async searchAll<T>(
    operation: string,
    fetchPage: (page: { from: number; limit: number }) => Promise<Page<T>>,
    limit = Number.POSITIVE_INFINITY,
  ): Promise<T[]> {
    const items: T[] = [];
    while (items.length < limit) {
      const size = Math.min(PAGE_SIZE, limit - items.length);
      const result = await callZeebe({ operation }, () =>
        fetchPage({ from: items.length, limit: size }),
      );
      items.push(...result.items);
      if (result.items.length < size || items.length >= result.page.totalItems) break;
    }
    return items;
  }
}

function toInstanceState(state: string): InstanceState {
  if (state === 'ACTIVE' || state === 'COMPLETED') return state;
  return 'TERMINATED';
}
