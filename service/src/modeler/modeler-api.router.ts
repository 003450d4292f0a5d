import express, { Router, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../errors/index.js';
import { createErrorHandler } from '../http/problem.js';
import { parseInput, parseKey } from '../http/validation.js';
import { diffBpmn } from './bpmn-diff.js';
import {
  listCandidateGroups,
  loadElementTemplates,
  modelerLanguages,
} from './element-templates.js';
import { assertDeployable } from './deploy-check.js';
import { requestUserName } from './deployment-guard.js';
import { lintBpmn } from './lint-bpmn.js';
import type { ModelerDependencies } from './modeler-dependencies.js';
import { ModelDraftsService } from './model-drafts.service.js';

const xmlBody = z.object({ xml: z.string().min(1, 'expected BPMN XML') });
const languageQuery = z.object({ lang: z.enum(modelerLanguages).default('vi') });
const diffQuery = z.object({ from: z.string(), to: z.string() });

// Without `authenticate` and `requireAnalyst` (tests of the modeler alone) every route is open.
const allowEveryone: RequestHandler = (_req, _res, next) => next();

function parseDraftId(value: unknown): number {
  const id = Number(value);
  if (typeof value === 'string' && /^[0-9]{1,15}$/.test(value) && id > 0) return id;
  throw new ValidationError(`invalid draft id "${String(value)}": expected a positive integer`, {
    field: 'id',
    value,
  });
}

async function findXml(deps: ModelerDependencies, key: string): Promise<string> {
  const definitions = await deps.engine.listDefinitions();
  if (!definitions.some((d) => d.processDefinitionKey === key)) {
    throw new NotFoundError(`no process definition with key ${key}`, { field: 'key', value: key });
  }
  return deps.engine.getDefinitionXml(key);
}

function addReadRoutes(router: Router, deps: ModelerDependencies): void {
  router.get('/job-types', async (_req, res) => {
    res.json(await deps.registeredJobTypes());
  });
  const candidateGroups = deps.candidateGroups ?? listCandidateGroups;
  router.get('/candidate-groups', async (req, res) => {
    res.json(await candidateGroups(req.user));
  });
  router.get('/element-templates', async (req, res) => {
    const { lang } = parseInput(languageQuery, req.query, 'query');
    res.json(loadElementTemplates(lang, await candidateGroups(req.user)));
  });
  router.post('/lint', async (req, res) => {
    const { xml } = parseInput(xmlBody, req.body, 'body');
    res.json(await lintBpmn(xml, { registeredJobTypes: await deps.registeredJobTypes() }));
  });
  router.get('/diff', async (req, res) => {
    const query = parseInput(diffQuery, req.query, 'query');
    const from = parseKey(query.from, 'from');
    const to = parseKey(query.to, 'to');
    res.json(await diffBpmn(await findXml(deps, from), await findXml(deps, to)));
  });
}

function addVersionRoutes(router: Router, deps: ModelerDependencies, drafts: ModelDraftsService) {
  router.get('/processes/:bpmnProcessId/versions', async (req, res) => {
    const bpmnProcessId = req.params.bpmnProcessId;
    const definitions = await deps.engine.listDefinitions({ bpmnProcessId });
    const deployments = await drafts.findDeployments(
      definitions.map((d) => d.processDefinitionKey),
    );
    const versions = [...definitions]
      .sort((a, b) => b.version - a.version)
      .map((definition) => ({
        processDefinitionKey: definition.processDefinitionKey,
        version: definition.version,
        resourceName: definition.resourceName,
        deployedAt: definition.deployedAt,
        deployedBy: deployments.get(definition.processDefinitionKey)?.deployedBy ?? null,
      }));
    res.json(versions);
  });
}

/** Lints draft `id` and deploys it when no rule reports an error. */
async function deployDraft(deps: ModelerDependencies, drafts: ModelDraftsService, req: Request) {
  const id = parseDraftId(req.params.id);
  const draft = await drafts.get(id);
  const resources = [{ name: `${draft.bpmnProcessId}.bpmn`, content: draft.xml }];
  const warnings = await assertDeployable(resources, await deps.registeredJobTypes());
  const deployment = await deps.engine.deploy(resources);
  const deployed = deployment.processes.find((p) => p.bpmnProcessId === draft.bpmnProcessId)!;
  const user = (deps.currentUser ?? requestUserName)(req);
  const summary = await drafts.recordDeployment(id, {
    processDefinitionKey: deployed.processDefinitionKey,
    processVersion: deployed.version,
    deployedBy: user,
  });
  deps.logger.info(
    { draftId: id, bpmnProcessId: draft.bpmnProcessId, version: deployed.version, user },
    'model draft deployed',
  );
  return { deployment, draft: summary, warnings };
}

function addDraftRoutes(router: Router, deps: ModelerDependencies, drafts: ModelDraftsService) {
  router.get('/drafts', async (_req, res) => {
    res.json(await drafts.listLatest());
  });
  router.post('/drafts', async (req, res) => {
    const { xml } = parseInput(xmlBody, req.body, 'body');
    const saved = await drafts.save(xml, (deps.currentUser ?? requestUserName)(req));
    deps.logger.info(
      { draftId: saved.id, bpmnProcessId: saved.bpmnProcessId },
      'model draft saved',
    );
    res.status(201).json(saved);
  });
  router.get('/drafts/:id', async (req, res) => {
    res.json(await drafts.get(parseDraftId(req.params.id)));
  });
  router.post('/drafts/:id/deployment', async (req, res) => {
    res.status(201).json(await deployDraft(deps, drafts, req));
  });
}

/**
 * Creates the modeler's API under `/api/modeler`: element templates, candidate groups, registered job
 * types, lint, drafts, deploying a draft, process versions and the diff of two versions. Errors
 * become problem+json, and the router expects `req.log` from the HTTP request logger.
 */
export function createModelerApiRouter(deps: ModelerDependencies): Router {
  const drafts = new ModelDraftsService(deps.dataSource, deps.now);
  const router = Router();
  router.use(deps.authenticate ?? allowEveryone);
  router.use(deps.requireAnalyst ?? allowEveryone);
  router.use(express.json({ limit: deps.maxBodyBytes }));
  addReadRoutes(router, deps);
  addVersionRoutes(router, deps, drafts);
  addDraftRoutes(router, deps, drafts);
  router.use(createErrorHandler(deps.maxBodyBytes));
  return router;
}
