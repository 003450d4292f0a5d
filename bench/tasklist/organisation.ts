/**
 * A generated organisation for the task list benchmark: two agencies, their units and users,
 * and the candidate groups of processes/*.bpmn resolved to members. Everything is drawn from a
 * seeded generator, so a run with the same options builds the same organisation.
 */
import type { Role } from '../../service/src/org/index.js';

export interface BenchUser {
  id: string;
  username: string;
  fullName: string;
  organId: string;
  unitId: string;
  roles: Role[];
  clearance: string;
}

export interface BenchUnit {
  id: string;
  organId: string;
  code: string;
  name: string;
  members: BenchUser[];
  leaders: BenchUser[];
  specialists: BenchUser[];
}

export interface BenchAgency {
  organId: string;
  name: string;
  units: BenchUnit[];
  agencyLeaders: BenchUser[];
  clerks: BenchUser[];
}

export interface BenchOrganisation {
  agencies: BenchAgency[];
  users: BenchUser[];
}

/** mulberry32: a small seeded generator, enough to spread benchmark data evenly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Builds a fixed-width id in UUID form, as long as the service's ids. */
export function benchId(kind: number, index: number): string {
  const tail = index.toString(16).padStart(12, '0');
  return `00000000-0000-4000-8${kind.toString(16).padStart(3, '0')}-${tail}`;
}

const AGENCIES = [
  { organId: '000.00.12.H26', name: 'Sở Nội vụ' },
  { organId: '000.00.31.H29', name: 'Sở Tài chính' },
];

const FAMILY_NAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi'];
const GIVEN_NAMES = ['An', 'Bình', 'Châu', 'Dũng', 'Giang', 'Hà', 'Hùng', 'Lan', 'Minh', 'Thảo'];

/** Agency leaders sit in each agency's first unit and clerks in its second. */
const AGENCY_LEADERS_PER_AGENCY = 4;
const CLERKS_PER_AGENCY = 6;
const UNIT_LEADERS_PER_UNIT = 2;

/**
 * Builds `unitCount` units split between the two agencies and `userCount` users spread evenly
 * over the units. Each agency's first unit contains its agency leaders and its second unit its
 * clerks. Each unit then has two unit leaders, and its other users are specialists.
 */
export function buildOrganisation(unitCount: number, userCount: number): BenchOrganisation {
  const unitsPerAgency = Math.max(2, Math.ceil(unitCount / AGENCIES.length));
  const usersPerUnit = Math.max(
    CLERKS_PER_AGENCY + UNIT_LEADERS_PER_UNIT + 1,
    Math.ceil(userCount / (unitsPerAgency * AGENCIES.length)),
  );
  const users: BenchUser[] = [];
  const agencies = AGENCIES.map((agency, agencyIndex) => {
    const units: BenchUnit[] = [];
    for (let unitIndex = 0; unitIndex < unitsPerAgency; unitIndex += 1) {
      const number = agencyIndex * unitsPerAgency + unitIndex;
      const unit: BenchUnit = {
        id: benchId(1, number),
        organId: agency.organId,
        code: `P${String(unitIndex + 1).padStart(2, '0')}`,
        name: `Phòng ${unitIndex + 1}`,
        members: [],
        leaders: [],
        specialists: [],
      };
      for (let memberIndex = 0; memberIndex < usersPerUnit; memberIndex += 1) {
        const user = buildUser(users.length, unit, unitIndex, memberIndex);
        users.push(user);
        unit.members.push(user);
        if (user.roles.includes('unit_leader')) unit.leaders.push(user);
        if (user.roles.includes('specialist')) unit.specialists.push(user);
      }
      units.push(unit);
    }
    const holders = (role: Role) =>
      units.flatMap((unit) => unit.members.filter((user) => user.roles.includes(role)));
    return {
      ...agency,
      units,
      agencyLeaders: holders('agency_leader'),
      clerks: holders('clerk'),
    };
  });
  return { agencies, users };
}

function buildUser(index: number, unit: BenchUnit, unitIndex: number, memberIndex: number) {
  let agencyRole: Role | undefined;
  let agencyRoleHolders = 0;
  if (unitIndex === 0) {
    agencyRole = 'agency_leader';
    agencyRoleHolders = AGENCY_LEADERS_PER_AGENCY;
  } else if (unitIndex === 1) {
    agencyRole = 'clerk';
    agencyRoleHolders = CLERKS_PER_AGENCY;
  }
  let role: Role = 'specialist';
  if (agencyRole && memberIndex < agencyRoleHolders) role = agencyRole;
  else if (memberIndex < agencyRoleHolders + UNIT_LEADERS_PER_UNIT) role = 'unit_leader';
  const leader = role === 'agency_leader' || role === 'unit_leader';
  let clearance = 'none';
  if (leader) clearance = 'toi_mat';
  else if (index % 5 === 0) clearance = 'mat';
  return {
    id: benchId(2, index),
    username: `bench.u${index}`,
    fullName: `${FAMILY_NAMES[index % FAMILY_NAMES.length]} Văn ${GIVEN_NAMES[index % GIVEN_NAMES.length]}`,
    organId: unit.organId,
    unitId: unit.id,
    roles: [role],
    clearance,
  } satisfies BenchUser;
}
