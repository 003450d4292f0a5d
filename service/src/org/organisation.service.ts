import type { DataSource } from 'typeorm';
import { runWriteTransaction } from '../db/write-transaction.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors/index.js';
import { OrganisationEntity } from './organisation.entity.js';

/**
 * OrganId code of an agency: four dot-separated groups of 3, 2, 2 and 3 digits or capital
 * letters, 13 characters in all, as in `000.00.00.G22`.
 */
const ORGAN_ID_PATTERN = /^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[0-9A-Z]{3}$/;
/** Letters (Vietnamese included) and digits, because the abbreviation is joined with hyphens. */
const ABBREVIATION_PATTERN = /^[\p{L}\p{N}]{1,20}$/u;

export interface OrganisationInput {
  organId: string;
  name: string;
  abbreviation: string;
  parentOrganId?: string | null;
}

/** Checks an OrganId code and returns it, or throws a ValidationError naming `field`. */
export function checkOrganId(field: string, value: unknown): string {
  if (typeof value !== 'string' || !ORGAN_ID_PATTERN.test(value)) {
    throw new ValidationError(
      `${field} must be an OrganId code of the form 000.00.00.G22 (13 characters)`,
      { field, value },
    );
  }
  return value;
}

/** Stores and reads organisations. */
export class OrganisationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(input: OrganisationInput): Promise<OrganisationEntity> {
    const organisation = this.validate(input);
    return runWriteTransaction(this.dataSource, async (manager) => {
      const repository = manager.getRepository(OrganisationEntity);
      if (await repository.existsBy({ organId: organisation.organId })) {
        throw new ConflictError(`organisation ${organisation.organId} already exists`, {
          field: 'organId',
          value: organisation.organId,
        });
      }
      const parentOrganId = organisation.parentOrganId;
      if (parentOrganId !== null && !(await repository.existsBy({ organId: parentOrganId }))) {
        throw new NotFoundError(`parent organisation ${parentOrganId} not found`, {
          field: 'parentOrganId',
          value: parentOrganId,
        });
      }
      return repository.save(organisation);
    });
  }

  async get(organId: string): Promise<OrganisationEntity> {
    const found = await this.dataSource.getRepository(OrganisationEntity).findOneBy({ organId });
    if (!found) {
      throw new NotFoundError(`organisation ${organId} not found`, {
        field: 'organId',
        value: organId,
      });
    }
    return found;
  }

  /** Lists organisations ordered by OrganId, optionally only the children of `parentOrganId`. */
  async list(parentOrganId?: string): Promise<OrganisationEntity[]> {
    return this.dataSource.getRepository(OrganisationEntity).find({
      where: parentOrganId === undefined ? {} : { parentOrganId },
      order: { organId: 'ASC' },
    });
  }

  private validate(input: OrganisationInput): OrganisationEntity {
    const organisation = new OrganisationEntity();
    organisation.organId = checkOrganId('organId', input.organId);
    if (
      typeof input.name !== 'string' ||
      input.name.trim() === '' ||
      [...input.name].length > 200
    ) {
      throw new ValidationError('name must be a non-empty text of at most 200 characters', {
        field: 'name',
        value: input.name,
        limit: 200,
      });
    }
    if (typeof input.abbreviation !== 'string' || !ABBREVIATION_PATTERN.test(input.abbreviation)) {
      throw new ValidationError(
        'abbreviation must be 1 to 20 letters or digits without spaces or hyphens, such as BNV',
        { field: 'abbreviation', value: input.abbreviation, limit: 20 },
      );
    }
    organisation.name = input.name;
    organisation.abbreviation = input.abbreviation;
    organisation.parentOrganId =
      input.parentOrganId == null ? null : checkOrganId('parentOrganId', input.parentOrganId);
    organisation.createdAt = this.now();
    return organisation;
  }
}
