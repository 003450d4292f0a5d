export { diffBpmn, type AttributeChange, type BpmnDiff, type DiffElement } from './bpmn-diff.js';
export {
  listCandidateGroups,
  loadElementTemplates,
  type CandidateGroup,
  type ModelerLanguage,
} from './element-templates.js';
export {
  assertDeployable,
  lintDeployment,
  type DeploymentLint,
  type DeploymentProblem,
} from './deploy-check.js';
export { createDeploymentGuard, type DeploymentGuard } from './deployment-guard.js';
export { lintBpmn, type LintOptions, type LintProblem, type LintResult } from './lint-bpmn.js';
export { ModelDraftEntity } from './model-draft.entity.js';
export { ModelDraftsService, type DraftSummary } from './model-drafts.service.js';
export { ensureModelerBundle } from './modeler-bundle.js';
export type { ModelerDependencies } from './modeler-dependencies.js';
export { createModelerRouter } from './modeler.router.js';
export { createOrgCandidateGroups, type CandidateGroupScope } from './org-candidate-groups.js';
