import { Router } from 'express';
import type { ProcessDefinition } from '../../engine/index.js';
import { NotFoundError } from '../../errors/index.js';
import type { HttpDependencies } from '../dependencies.js';
import { parseKey } from '../validation.js';

export interface ProcessSummary {
  bpmnProcessId: string;
  /** The latest version's name, when it has one. */
  name?: string;
  latestVersion: number;
  /** Newest first. */
  versions: Array<Omit<ProcessDefinition, 'bpmnProcessId' | 'name'> & { name?: string }>;
}

/** Groups definitions by process id, sorted by id, each with its versions newest first. */
export function groupDefinitions(definitions: ProcessDefinition[]): ProcessSummary[] {
  const groups = new Map<string, ProcessDefinition[]>();
  for (const definition of definitions) {
    const group = groups.get(definition.bpmnProcessId) ?? [];
    group.push(definition);
    groups.set(definition.bpmnProcessId, group);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([bpmnProcessId, group]) => {
      const versions = [...group].sort((a, b) => b.version - a.version);
      const latest = versions[0]!;
      return {
        bpmnProcessId,
        ...(latest.name !== undefined ? { name: latest.name } : {}),
        latestVersion: latest.version,
        versions: versions.map(({ bpmnProcessId: _id, ...version }) => version),
      };
    });
}

/** `GET /api/processes` and `GET /api/processes/:key/xml`. */
export function createProcessesRouter(deps: HttpDependencies): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    res.json(groupDefinitions(await deps.engine.listDefinitions()));
  });
  router.get('/:key/xml', async (req, res) => {
    const key = parseKey(req.params.key);
    const definitions = await deps.engine.listDefinitions();
    const definition = definitions.find((d) => d.processDefinitionKey === key);
    if (!definition) {
      throw new NotFoundError(`no process definition with key ${key}`, {
        field: 'key',
        value: key,
      });
    }
    const xml = await deps.engine.getDefinitionXml(key);
    res.attachment(definition.resourceName).type('application/xml').send(xml);
  });
  return router;
}
