/** The registers that can be printed. */
export type RegisterBook = 'incoming' | 'outgoing' | 'follow-up';

export const REGISTER_BOOKS: readonly RegisterBook[] = ['incoming', 'outgoing', 'follow-up'];

/** A printable register: a title, the column headings and one row of cell texts per document. */
export interface RegisterTable {
  book: RegisterBook;
  title: string;
  /** The period covered, such as "Từ ngày 01/01/2026 đến ngày 31/01/2026". */
  period: string;
  organName: string;
  columns: readonly string[];
  rows: string[][];
}

/** Column headings of each register, in the order of the printed forms (Decree 30, Appendix IV). */
export const REGISTER_COLUMNS: Readonly<Record<RegisterBook, readonly string[]>> = Object.freeze({
  incoming: [
    'Ngày đến',
    'Số đến',
    'Tác giả',
    'Số, ký hiệu',
    'Ngày tháng văn bản',
    'Tên loại và trích yếu nội dung',
    'Đơn vị hoặc người nhận',
    'Ngày chuyển',
    'Ký nhận',
    'Ghi chú',
  ],
  outgoing: [
    'Số, ký hiệu',
    'Ngày tháng',
    'Tên loại và trích yếu',
    'Người ký',
    'Nơi nhận',
    'Đơn vị, người nhận bản lưu',
    'Số lượng bản',
    'Ngày chuyển',
    'Ký nhận',
    'Ghi chú',
  ],
  'follow-up': [
    'Số đến',
    'Tên loại, số, ký hiệu, ngày tháng và tác giả văn bản',
    'Đơn vị hoặc người nhận',
    'Thời hạn giải quyết',
    'Tiến độ giải quyết',
    'Số, ký hiệu văn bản trả lời',
    'Ghi chú',
  ],
});

export const REGISTER_TITLES: Readonly<Record<RegisterBook, string>> = Object.freeze({
  incoming: 'SỔ ĐĂNG KÝ VĂN BẢN ĐẾN',
  outgoing: 'SỔ ĐĂNG KÝ VĂN BẢN ĐI',
  'follow-up': 'SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN',
});
