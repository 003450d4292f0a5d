import type { EntityManager } from 'typeorm';
import { ValidationError } from '../errors/index.js';
import type { OrganisationEntity } from '../org/index.js';
import {
  buildNotation,
  chooseSeries,
  vietnamDate,
  vietnamYear,
  type RegisterNumberService,
  type RegisterSeriesOptions,
} from '../registers/index.js';
import type { CheckedMetadata } from './document-input.js';
import { DocumentEntity } from './document.entity.js';
import { resolveDocumentType } from './document-types.js';
import type { RegistrationWarning } from './document.service.js';

const UNIT_ABBREVIATION = /^[\p{L}\p{N}]{1,20}$/u;

/**
 * Gives an incoming document the next arrival number of its organisation's incoming register
 * for the current year in Vietnam time, and sets the arrival date.
 */
export async function registerArrival(
  manager: EntityManager,
  registers: RegisterNumberService,
  document: DocumentEntity,
  seriesOptions: RegisterSeriesOptions | undefined,
  now: Date,
): Promise<void> {
  const key = {
    organId: document.organId,
    kind: 'incoming' as const,
    year: vietnamYear(now),
    series: chooseSeries(document.typeCode, document.secrecy !== 'none', seriesOptions),
  };
  document.registerNumber = await registers.takeNext(manager, key);
  document.registerYear = key.year;
  document.registerSeries = key.series;
  document.arrivalDate = vietnamDate(now);
}

export interface IssueRequest {
  document: DocumentEntity;
  organisation: OrganisationEntity;
  unitAbbreviation: string | null;
  series: RegisterSeriesOptions | undefined;
  now: Date;
}

/** Numbers an outgoing draft from the outgoing register and returns it marked issued. */
export async function issueDocument(
  manager: EntityManager,
  registers: RegisterNumberService,
  request: IssueRequest,
): Promise<DocumentEntity> {
  const { document, organisation, now } = request;
  if (request.unitAbbreviation !== null && !UNIT_ABBREVIATION.test(request.unitAbbreviation)) {
    throw new ValidationError('unitAbbreviation must be 1 to 20 letters or digits, such as VP', {
      field: 'unitAbbreviation',
      value: request.unitAbbreviation,
      limit: 20,
    });
  }
  const type = resolveDocumentType(document.typeCode);
  const key = {
    organId: document.organId,
    kind: 'outgoing' as const,
    year: vietnamYear(now),
    series: chooseSeries(type.code, document.secrecy !== 'none', request.series),
  };
  // The notation is checked before a number is taken, so a bad abbreviation costs no number.
  buildNotation({
    number: 1,
    typeAbbreviation: type.abbreviation,
    organAbbreviation: organisation.abbreviation,
    unitAbbreviation: request.unitAbbreviation,
  });
  const number = await registers.takeNext(manager, key);
  const notation = buildNotation({
    number,
    typeAbbreviation: type.abbreviation,
    organAbbreviation: organisation.abbreviation,
    unitAbbreviation: request.unitAbbreviation,
  });
  return Object.assign(document, {
    status: 'issued',
    registerNumber: number,
    registerYear: key.year,
    registerSeries: key.series,
    codeNumber: notation.codeNumber,
    codeNotation: notation.codeNotation,
    issuedDate: vietnamDate(now),
    updatedAt: now,
  });
}

/**
 * Finds incoming documents of the same organisation with the same number, notation and issuing
 * organisation (its OrganId, or its name when the OrganId is unknown). Numbers are compared with
 * and without the leading zero, because senders write both `5` and `05`.
 */
export async function findDuplicateIncoming(
  manager: EntityManager,
  metadata: CheckedMetadata,
): Promise<RegistrationWarning[]> {
  if (metadata.codeNumber === null || metadata.codeNotation === null) return [];
  const query = manager
    .createQueryBuilder(DocumentEntity, 'document')
    .select('document.id', 'id')
    .where("document.direction = 'incoming' AND document.organId = :organId", metadata)
    .andWhere('document.codeNumber IN (:...numbers)', {
      numbers: numberSpellings(metadata.codeNumber),
    })
    .andWhere('document.codeNotation = :codeNotation', metadata);
  if (metadata.issuingOrganId !== null) {
    query.andWhere('document.issuingOrganId = :issuingOrganId', metadata);
  } else {
    query.andWhere('document.organName = :organName', metadata);
  }
  const rows: Array<{ id: string }> = await query.getRawMany();
  if (rows.length === 0) return [];
  const issuer = metadata.issuingOrganId ?? metadata.organName;
  return [
    {
      code: 'POSSIBLE_DUPLICATE',
      message: `${metadata.codeNumber}/${metadata.codeNotation} from ${issuer} is already registered`,
      documentIds: rows.map((row) => row.id),
    },
  ];
}

function numberSpellings(codeNumber: string): string[] {
  if (!/^\d+$/.test(codeNumber)) return [codeNumber];
  const plain = String(Number(codeNumber));
  return [...new Set([codeNumber, plain, plain.length < 2 ? `0${plain}` : plain])];
}
