import { Router, type Request } from 'express';
import multer from 'multer';
import { z } from 'zod';
import type { DeployResource } from '../../engine/index.js';
import { ValidationError } from '../../errors/index.js';
import { createDeploymentGuard } from '../../modeler/index.js';
import type { HttpDependencies } from '../dependencies.js';
import { withMultipartErrors } from '../request-errors.js';
import { parseInput, requestBodySchema } from '../validation.js';

const MAX_FILES = 100;
const MAX_NAME_CHARS = 255;

/**
 * Returns why `name` is not acceptable as a resource name, or undefined when it is. A resource
 * name must be a plain file name, because it is stored, logged and offered back as a download
 * name. Path parts and control characters such as CR and LF are therefore rejected.
 */
function resourceNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'expected a file name ending in .bpmn';
  if (name.length > MAX_NAME_CHARS) {
    return `the name is ${name.length} characters long, over the limit of ${MAX_NAME_CHARS}`;
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) {
    return 'the name contains a control character; use a plain file name';
  }
  if (/[/\\]/.test(name) || name.includes('..')) {
    return 'the name contains a path separator or ".."; use a plain file name such as leave.bpmn';
  }
  if (!name.toLowerCase().endsWith('.bpmn')) return 'expected a file name ending in .bpmn';
  return undefined;
}

const resourceName = z.string().superRefine((name, context) => {
  const problem = resourceNameProblem(name);
  if (problem) context.addIssue({ code: 'custom', message: problem, input: name });
});

const jsonDeploymentSchema = requestBodySchema({
  resources: z
    .array(requestBodySchema({ name: resourceName, content: z.string().min(1) }))
    .min(1)
    .max(MAX_FILES),
});

function resourcesFromUpload(files: Express.Multer.File[]): DeployResource[] {
  if (files.length === 0) {
    throw new ValidationError(
      'no files in the upload: send one or more .bpmn files as multipart/form-data',
      { field: 'files' },
    );
  }
  return files.map((file) => {
    if (!file.originalname.toLowerCase().endsWith('.bpmn')) {
      throw new ValidationError(
        `file "${file.originalname}" is not a .bpmn file: upload BPMN files only`,
        { field: file.fieldname, value: file.originalname },
      );
    }
    const problem = resourceNameProblem(file.originalname);
    if (problem) {
      const detail = `invalid file name ${JSON.stringify(file.originalname)}: ${problem}`;
      throw new ValidationError(detail, { field: file.fieldname, value: file.originalname });
    }
    return { name: file.originalname, content: file.buffer };
  });
}

function resourcesFromRequest(req: Request): DeployResource[] {
  if (req.is('multipart/form-data')) {
    return resourcesFromUpload(Array.isArray(req.files) ? req.files : []);
  }
  return parseInput(jsonDeploymentSchema, req.body, 'body').resources;
}

/**
 * `POST /api/deployments`: deploys BPMN files sent as multipart/form-data (any field name) or
 * as JSON `{ resources: [{ name, content }] }`. All files are accepted or rejected together.
 * With the modeler mounted, the files must pass the modeler's lint rules first (a 400 problem
 * lists file, element, rule and message of each error), and the deployer is recorded.
 */
export function createDeploymentsRouter(deps: HttpDependencies): Router {
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: deps.config.maxUploadBytes, files: MAX_FILES },
    defParamCharset: 'utf8',
  });
  const guard = deps.modeler ? createDeploymentGuard(deps.modeler) : undefined;
  const router = Router();
  router.post('/', withMultipartErrors(upload.any()), async (req, res) => {
    const resources = resourcesFromRequest(req);
    await guard?.check(resources);
    const deployment = await deps.engine.deploy(resources);
    await guard?.record(req, resources, deployment);
    req.log.info(
      {
        deploymentKey: deployment.deploymentKey,
        processes: deployment.processes.map((p) => `${p.bpmnProcessId}@${p.version}`),
      },
      'deployment created',
    );
    res.status(201).json(deployment);
  });
  return router;
}
