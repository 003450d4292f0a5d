import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ConflictError, NotFoundError, ValidationError } from '../errors/index.js';
import { OrganisationEntity } from './organisation.entity.js';
import { checkOrganId } from './organisation.service.js';
import { UnitEntity } from './org-structure.entities.js';
import { checkText } from './org-vocabulary.js';

const UNIT_CODE_PATTERN = /^[\p{Lu}\p{N}]{1,20}$/u;

export interface UnitInput {
  organId: string;
  code: string;
  name: string;
  parentUnitId?: string | null;
}

export type UnitPatch = Partial<Pick<UnitInput, 'code' | 'name' | 'parentUnitId'>>;

/** A unit with its child units, as returned by `UnitService.tree`. */
export interface UnitNode extends UnitEntity {
  children: UnitNode[];
}

function checkUnitCode(value: unknown): string {
  if (typeof value !== 'string' || !UNIT_CODE_PATTERN.test(value)) {
    throw new ValidationError('code must be 1 to 20 capital letters or digits, such as VP', {
      field: 'code',
      value,
    });
  }
  return value;
}

/** Stores the units of each organisation as a tree. */
export class UnitService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private get repository() {
    return this.dataSource.getRepository(UnitEntity);
  }

  async create(input: UnitInput): Promise<UnitEntity> {
    const unit = new UnitEntity();
    unit.id = randomUUID();
    unit.organId = checkOrganId('organId', input.organId);
    unit.code = checkUnitCode(input.code);
    unit.name = checkText('name', input.name, 200);
    unit.parentUnitId = input.parentUnitId ?? null;
    unit.active = true;
    unit.createdAt = this.now();
    if (
      !(await this.dataSource.getRepository(OrganisationEntity).existsBy({ organId: unit.organId }))
    ) {
      throw new NotFoundError(`organisation ${unit.organId} not found; create it first`, {
        field: 'organId',
        value: unit.organId,
      });
    }
    await this.checkPlacement(unit);
    return this.repository.save(unit);
  }

  async get(id: string): Promise<UnitEntity> {
    const unit = await this.repository.findOneBy({ id });
    if (!unit) throw new NotFoundError(`unit ${id} not found`, { field: 'unitId', value: id });
    return unit;
  }

  /** Lists the units of an organisation by code; inactive ones only when asked. */
  async list(organId: string, includeInactive = false): Promise<UnitEntity[]> {
    return this.repository.find({
      where: includeInactive ? { organId } : { organId, active: true },
      order: { code: 'ASC' },
    });
  }

  /** Returns the active units of an organisation as a forest of root units. */
  async tree(organId: string): Promise<UnitNode[]> {
    const nodes = (await this.list(organId)).map((unit) => ({
      ...unit,
      children: [] as UnitNode[],
    }));
    const byId = new Map(nodes.map((node) => [node.id, node]));
    const roots: UnitNode[] = [];
    for (const node of nodes) {
      const parent = node.parentUnitId ? byId.get(node.parentUnitId) : undefined;
      if (parent) parent.children.push(node);
      else roots.push(node);
    }
    return roots;
  }

  async update(id: string, patch: UnitPatch): Promise<UnitEntity> {
    const unit = await this.get(id);
    if (patch.code !== undefined) unit.code = checkUnitCode(patch.code);
    if (patch.name !== undefined) unit.name = checkText('name', patch.name, 200);
    if (patch.parentUnitId !== undefined) unit.parentUnitId = patch.parentUnitId;
    await this.checkPlacement(unit);
    return this.repository.save(unit);
  }

  async deactivate(id: string): Promise<UnitEntity> {
    const unit = await this.get(id);
    unit.active = false;
    return this.repository.save(unit);
  }

  /** Checks that the code is free in the organisation and the parent chain has no loop. */
  private async checkPlacement(unit: UnitEntity): Promise<void> {
    const clash = await this.repository.findOneBy({ organId: unit.organId, code: unit.code });
    if (clash && clash.id !== unit.id) {
      throw new ConflictError(`unit code ${unit.code} is already used in ${unit.organId}`, {
        field: 'code',
        value: unit.code,
      });
    }
    for (let parentId = unit.parentUnitId; parentId !== null;) {
      if (parentId === unit.id) {
        throw new ValidationError('parentUnitId would make the unit its own ancestor', {
          field: 'parentUnitId',
          value: unit.parentUnitId,
        });
      }
      const parent = await this.get(parentId);
      if (parent.organId !== unit.organId) {
        throw new ValidationError(`parent unit ${parent.id} belongs to another organisation`, {
          field: 'parentUnitId',
          value: parent.id,
        });
      }
      parentId = parent.parentUnitId;
    }
  }
}
