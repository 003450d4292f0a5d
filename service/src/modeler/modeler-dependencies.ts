import type { Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { EnginePort } from '../engine/index.js';
import type { CandidateGroup } from './element-templates.js';
import type { CandidateGroupScope } from './org-candidate-groups.js';

export interface ModelerDependencies {
  engine: EnginePort;
  /** A data source whose entities include ModelDraftEntity. */
  dataSource: DataSource;
  logger: Logger;
  /** Largest JSON body, in bytes, that the modeler API accepts (a diagram travels as JSON). */
  maxBodyBytes: number;
  /** The job types that have a worker; the lint rule for job types checks against them. */
  registeredJobTypes: () => string[] | Promise<string[]>;
  /**
   * The units and roles offered as candidate groups to the caller (`req.user`, undefined without
   * login). Without a provider the modeler offers a fixed list of roles.
   */
  candidateGroups?: (
    scope: CandidateGroupScope | undefined,
  ) => CandidateGroup[] | Promise<CandidateGroup[]>;
  /**
   * The user name recorded as who saved or deployed a draft. By default the logged-in user's
   * name (`req.user.username`), or `unknown` without login.
   */
  currentUser?: (req: Request) => string;
  /**
   * Authentication for the modeler API, run before `requireAnalyst`, and a pass-through when
   * absent. The page itself stays public, because it shows the login form.
   */
  authenticate?: RequestHandler;
  /** Authorisation for every modeler API route; a pass-through when absent. */
  requireAnalyst?: RequestHandler;
  /** The clock for saved and deployed times. */
  now?: () => Date;
}
