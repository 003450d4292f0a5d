export { OrganisationEntity } from './organisation.entity.js';
export {
  OrganisationService,
  checkOrganId,
  type OrganisationInput,
} from './organisation.service.js';
export { createOrganisationsRouter } from './organisations.router.js';
export {
  CLEARANCES,
  DELEGATION_FORMS,
  POSITIONS,
  ROLES,
  hasClearance,
  type Clearance,
  type DelegationForm,
  type PositionCode,
  type Role,
} from './org-vocabulary.js';
export {
  DelegationEntity,
  UnitEntity,
  UserEntity,
  orgStructureEntities,
} from './org-structure.entities.js';
export { UnitService, type UnitInput, type UnitNode, type UnitPatch } from './unit.service.js';
export { UserService, type UserFilter, type UserInput, type UserPatch } from './user.service.js';
export {
  DelegationService,
  isDelegationActive,
  type DelegationInput,
} from './delegation.service.js';
export { OverseerService } from './overseer.service.js';
export { createOrgRouter, type OrgRouterDependencies } from './org.router.js';
export { seedDemoOrganisation, DEMO_PASSWORDS, type SeedResult } from './demo-seed.js';
export {
  groupKindOfRole,
  groupsOfUser,
  parseGroup,
  principalsOfUser,
  roleGroup,
  type GroupMember,
} from './candidate-groups.js';
