import type { DataSource } from 'typeorm';
import { OrganisationService, ROLES, UnitService, roleGroup, type Role } from '../org/index.js';
import type { CandidateGroup } from './element-templates.js';

/** The part of the caller that decides which groups the modeler offers. */
export interface CandidateGroupScope {
  organId: string;
  unitId: string;
}

/** Names of the agency-wide role groups, in both languages. */
const roleGroupNames: Record<Exclude<Role, 'unit_leader'>, { vi: string; en: string }> = {
  agency_leader: { vi: 'Lãnh đạo cơ quan', en: 'Agency leaders' },
  clerk: { vi: 'Văn thư', en: 'Records clerks' },
  specialist: { vi: 'Chuyên viên', en: 'Specialists' },
  analyst: { vi: 'Cán bộ thiết kế quy trình', en: 'Route analysts' },
  administrator: { vi: 'Quản trị hệ thống', en: 'Administrators' },
};

/**
 * Creates the candidate group provider for the modeler: for the caller's agency, every active
 * unit as `unit:<unitId>` and `unit-leader:<unitId>`, then one group per agency-wide role as
 * `<role>:<organId>`, named in Vietnamese and English. A caller without a scope (the modeler
 * served without login) gets no groups.
 */
export function createOrgCandidateGroups(
  dataSource: DataSource,
): (scope: CandidateGroupScope | undefined) => Promise<CandidateGroup[]> {
  const units = new UnitService(dataSource);
  const organisations = new OrganisationService(dataSource);
  return async (scope) => {
    if (!scope) return [];
    const [agency, agencyUnits] = await Promise.all([
      organisations.get(scope.organId),
      units.list(scope.organId),
    ]);
    const unitGroups = agencyUnits.flatMap((unit): CandidateGroup[] => [
      {
        id: `unit:${unit.id}`,
        name: { vi: `${unit.name} (toàn đơn vị)`, en: `${unit.name} (all staff)` },
      },
      {
        id: roleGroup('unit_leader', { unitId: unit.id, organId: scope.organId }),
        name: { vi: `Lãnh đạo ${unit.name}`, en: `${unit.name} (leaders)` },
      },
    ]);
    const roleGroups = ROLES.filter((role) => role !== 'unit_leader').map((role) => {
      const names = roleGroupNames[role as Exclude<Role, 'unit_leader'>];
      return {
        id: roleGroup(role, scope),
        name: {
          vi: `${names.vi} (${agency.abbreviation})`,
          en: `${names.en} (${agency.abbreviation})`,
        },
      };
    });
    return [...unitGroups, ...roleGroups];
  };
}
