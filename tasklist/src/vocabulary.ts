import type { MessageKey } from './i18n/index.js';

/**
 * Codes and names of the document types of Decree 30/2020/ND-CP, Appendix III, as the service's
 * documents module accepts them. `CV` and `ThC` are the service's own codes for công văn and thư
 * công. The names are the legal Vietnamese names, shown in both languages.
 */
export const DOCUMENT_TYPES: readonly { code: string; name: string }[] = [
  { code: 'CV', name: 'Công văn' },
  { code: 'QĐ', name: 'Quyết định' },
  { code: 'TB', name: 'Thông báo' },
  { code: 'KH', name: 'Kế hoạch' },
  { code: 'BC', name: 'Báo cáo' },
  { code: 'TTr', name: 'Tờ trình' },
  { code: 'GM', name: 'Giấy mời' },
  { code: 'NQ', name: 'Nghị quyết' },
  { code: 'CT', name: 'Chỉ thị' },
  { code: 'QC', name: 'Quy chế' },
  { code: 'QyĐ', name: 'Quy định' },
  { code: 'TC', name: 'Thông cáo' },
  { code: 'HD', name: 'Hướng dẫn' },
  { code: 'CTr', name: 'Chương trình' },
  { code: 'PA', name: 'Phương án' },
  { code: 'ĐA', name: 'Đề án' },
  { code: 'DA', name: 'Dự án' },
  { code: 'BB', name: 'Biên bản' },
  { code: 'HĐ', name: 'Hợp đồng' },
  { code: 'CĐ', name: 'Công điện' },
  { code: 'BGN', name: 'Bản ghi nhớ' },
  { code: 'BTT', name: 'Bản thỏa thuận' },
  { code: 'GUQ', name: 'Giấy ủy quyền' },
  { code: 'GGT', name: 'Giấy giới thiệu' },
  { code: 'GNP', name: 'Giấy nghỉ phép' },
  { code: 'PG', name: 'Phiếu gửi' },
  { code: 'PC', name: 'Phiếu chuyển' },
  { code: 'PB', name: 'Phiếu báo' },
  { code: 'ThC', name: 'Thư công' },
];

/**
 * Urgency levels (edXML priority) offered on the forms. Level 4, Hỏa tốc hẹn giờ, is left out
 * because it needs a delivery time that the forms do not ask for.
 */
export const URGENCY_CHOICES: readonly { value: number; label: MessageKey }[] = [
  { value: 0, label: 'urgency0' },
  { value: 1, label: 'urgency1' },
  { value: 2, label: 'urgency2' },
  { value: 3, label: 'urgency3' },
];

/** Secrecy levels (độ mật) in rising order, with the user clearance that covers each one. */
const SECRECY_LEVELS: readonly { value: string; clearance: string; label: MessageKey }[] = [
  { value: 'none', clearance: 'none', label: 'secrecyNone' },
  { value: 'mat', clearance: 'mat', label: 'secrecyMat' },
  { value: 'toi-mat', clearance: 'toi_mat', label: 'secrecyToiMat' },
  { value: 'tuyet-mat', clearance: 'tuyet_mat', label: 'secrecyTuyetMat' },
];

/** Returns the secrecy levels that a user with `clearance` may give a document. */
export function secrecyChoices(clearance: string | undefined) {
  const rank = SECRECY_LEVELS.findIndex((level) => level.clearance === clearance);
  return SECRECY_LEVELS.slice(0, Math.max(rank, 0) + 1);
}
