import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/db/data-source.js';
import {
  createDocumentModule,
  documentEntities,
  type DocumentMetadataInput,
  type DocumentModule,
} from '../../src/documents/index.js';
import type { RegisterSeriesOptions } from '../../src/registers/index.js';

/** A clock that tests set by hand. */
export class TestClock {
  constructor(public current: Date = new Date('2026-06-15T03:00:00.000Z')) {}
  readonly now = (): Date => new Date(this.current.getTime());
}

export interface DocumentServices extends DocumentModule {
  dataSource: DataSource;
  clock: TestClock;
}

/** Opens the database at `url`, runs every migration and builds the services on it. */
export async function openDocumentServices(
  url: string,
  options: { poolSize?: number; series?: RegisterSeriesOptions } = {},
): Promise<DocumentServices> {
  const dataSource = createDataSource(url, {
    entities: documentEntities,
    poolSize: options.poolSize,
  });
  await dataSource.initialize();
  await dataSource.runMigrations();
  const clock = new TestClock();
  const module = createDocumentModule(dataSource, { now: clock.now, series: options.series });
  return { dataSource, clock, ...module };
}

export const MINISTRY = { organId: '000.00.00.G22', name: 'Bộ Nội vụ', abbreviation: 'BNV' };
export const PROVINCE = {
  organId: '000.00.00.H29',
  name: 'Ủy ban nhân dân Thành phố Hà Nội',
  abbreviation: 'UBND',
};

/** Metadata of an outgoing Quyết định of the ministry, with `overrides` applied. */
export function decisionDraft(
  overrides: Partial<DocumentMetadataInput> = {},
): DocumentMetadataInput {
  return {
    organId: MINISTRY.organId,
    typeCode: 'QĐ',
    subject: 'Về việc triển khai Nghị định 30/2020/NĐ-CP',
    signerPosition: 'Thứ trưởng',
    signerFullName: 'Nguyễn Thị Hồng Nhung',
    recipients: [{ organId: PROVINCE.organId, organName: PROVINCE.name }],
    ...overrides,
  };
}

/** Metadata of an incoming công văn from the province, with `overrides` applied. */
export function incomingLetter(
  overrides: Partial<DocumentMetadataInput> = {},
): DocumentMetadataInput {
  return {
    organId: MINISTRY.organId,
    typeCode: 'CV',
    subject: 'Về việc báo cáo tình hình thực hiện công tác văn thư',
    organName: PROVINCE.name,
    issuingOrganId: PROVINCE.organId,
    codeNumber: '15',
    codeNotation: 'UBND-VP',
    issuedDate: '2026-06-10',
    signerPosition: 'Chủ tịch',
    signerFullName: 'Trần Văn Minh',
    ...overrides,
  };
}

export const FILE_A = 'a'.repeat(64);
export const FILE_B = 'b'.repeat(64);
