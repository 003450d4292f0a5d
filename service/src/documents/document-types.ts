import { ValidationError } from '../errors/index.js';

/** A document type (tên loại văn bản) with the abbreviation used in its notation. */
export interface DocumentType {
  code: string;
  name: string;
  /** Abbreviation in the notation, or null for types numbered with the drafting unit instead. */
  abbreviation: string | null;
}

/**
 * The 29 administrative document types of Decree 30/2020/ND-CP, Appendix III. The codes are the
 * notation abbreviations. Công văn and thư công have none, so `CV` and `ThC` are docroute's own
 * codes for them.
 */
export const DOCUMENT_TYPES: readonly DocumentType[] = Object.freeze([
  { code: 'NQ', name: 'Nghị quyết', abbreviation: 'NQ' },
  { code: 'QĐ', name: 'Quyết định', abbreviation: 'QĐ' },
  { code: 'CT', name: 'Chỉ thị', abbreviation: 'CT' },
  { code: 'QC', name: 'Quy chế', abbreviation: 'QC' },
  { code: 'QyĐ', name: 'Quy định', abbreviation: 'QyĐ' },
  { code: 'TC', name: 'Thông cáo', abbreviation: 'TC' },
  { code: 'TB', name: 'Thông báo', abbreviation: 'TB' },
  { code: 'HD', name: 'Hướng dẫn', abbreviation: 'HD' },
  { code: 'CTr', name: 'Chương trình', abbreviation: 'CTr' },
  { code: 'KH', name: 'Kế hoạch', abbreviation: 'KH' },
  { code: 'PA', name: 'Phương án', abbreviation: 'PA' },
  { code: 'ĐA', name: 'Đề án', abbreviation: 'ĐA' },
  { code: 'DA', name: 'Dự án', abbreviation: 'DA' },
  { code: 'BC', name: 'Báo cáo', abbreviation: 'BC' },
  { code: 'BB', name: 'Biên bản', abbreviation: 'BB' },
  { code: 'TTr', name: 'Tờ trình', abbreviation: 'TTr' },
  { code: 'HĐ', name: 'Hợp đồng', abbreviation: 'HĐ' },
  { code: 'CĐ', name: 'Công điện', abbreviation: 'CĐ' },
  { code: 'BGN', name: 'Bản ghi nhớ', abbreviation: 'BGN' },
  { code: 'BTT', name: 'Bản thỏa thuận', abbreviation: 'BTT' },
  { code: 'GUQ', name: 'Giấy ủy quyền', abbreviation: 'GUQ' },
  { code: 'GM', name: 'Giấy mời', abbreviation: 'GM' },
  { code: 'GGT', name: 'Giấy giới thiệu', abbreviation: 'GGT' },
  { code: 'GNP', name: 'Giấy nghỉ phép', abbreviation: 'GNP' },
  { code: 'PG', name: 'Phiếu gửi', abbreviation: 'PG' },
  { code: 'PC', name: 'Phiếu chuyển', abbreviation: 'PC' },
  { code: 'PB', name: 'Phiếu báo', abbreviation: 'PB' },
  { code: 'CV', name: 'Công văn', abbreviation: null },
  { code: 'ThC', name: 'Thư công', abbreviation: null },
]);

/** Pre-2020 codes (Circular 01/2011/TT-BNV) that older systems still send, and their successors. */
export const LEGACY_TYPE_CODES: Readonly<Record<string, string>> = Object.freeze({
  GN: 'BGN',
  TTh: 'BTT',
  UQ: 'GUQ',
  NP: 'GNP',
});

const TYPES_BY_CODE = new Map(DOCUMENT_TYPES.map((type) => [type.code, type]));

/**
 * Returns the document type for a current or pre-2020 code. Codes are matched exactly, because
 * `ĐA` and `DA`, `QĐ` and `QyĐ` are different types.
 */
export function resolveDocumentType(code: unknown, field = 'typeCode'): DocumentType {
  const current = typeof code === 'string' ? (LEGACY_TYPE_CODES[code] ?? code) : undefined;
  const type = current === undefined ? undefined : TYPES_BY_CODE.get(current);
  if (!type) {
    throw new ValidationError(
      `${field} is not a known document type code. Use one of ${[...TYPES_BY_CODE.keys()].join(', ')}`,
      { field, value: code },
    );
  }
  return type;
}
