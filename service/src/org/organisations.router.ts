import { Router } from 'express';
import type { OrganisationService } from './organisation.service.js';

/** `GET /` (optionally `?parent=<OrganId>`), `GET /:organId` and `POST /`. */
export function createOrganisationsRouter(deps: { organisations: OrganisationService }): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const parent = typeof req.query.parent === 'string' ? req.query.parent : undefined;
    res.json(await deps.organisations.list(parent));
  });

  router.get('/:organId', async (req, res) => {
    res.json(await deps.organisations.get(req.params.organId));
  });

  router.post('/', async (req, res) => {
    const organisation = await deps.organisations.create(req.body ?? {});
    req.log?.info({ organId: organisation.organId }, 'organisation created');
    res.status(201).json(organisation);
  });

  return router;
}
