import type { Clearance, PositionCode, Role } from './org-vocabulary.js';

/**
 * A made-up demo organisation: two departments of the Hòa Bình provincial people's committee.
 * The OrganId codes, names and e-mail addresses are invented for demonstrations.
 */

export interface DemoUnit {
  code: string;
  name: string;
  /** Code of the parent unit; absent for the agency's leadership unit. */
  parent?: string;
}

export interface DemoUser {
  username: string;
  fullName: string;
  unit: string;
  position: PositionCode;
  roles: Role[];
  clearance: Clearance;
}

export interface DemoAgency {
  organId: string;
  name: string;
  abbreviation: string;
  emailDomain: string;
  units: DemoUnit[];
  users: DemoUser[];
}

/** Demo password of each role; a user logs in with the password of their first role. */
export const DEMO_PASSWORDS: Readonly<Record<Role, string>> = Object.freeze({
  clerk: 'demo-vanthu',
  specialist: 'demo-chuyenvien',
  unit_leader: 'demo-lanhdaodonvi',
  agency_leader: 'demo-lanhdaocoquan',
  analyst: 'demo-phantich',
  administrator: 'demo-quantri',
});

function user(
  username: string,
  fullName: string,
  unit: string,
  position: PositionCode,
  roles: Role[],
  clearance: Clearance = 'none',
): DemoUser {
  return { username, fullName, unit, position, roles, clearance };
}

export const DEMO_AGENCIES: readonly DemoAgency[] = [
  {
    organId: '000.00.12.H26',
    name: 'Sở Nội vụ tỉnh Hòa Bình',
    abbreviation: 'SNV',
    emailDomain: 'snv.hoabinh.example.vn',
    units: [
      { code: 'BGĐ', name: 'Ban Giám đốc' },
      { code: 'VP', name: 'Văn phòng', parent: 'BGĐ' },
      { code: 'TCBC', name: 'Phòng Tổ chức, biên chế và tổ chức phi chính phủ', parent: 'BGĐ' },
      { code: 'CCVC', name: 'Phòng Công chức, viên chức', parent: 'BGĐ' },
    ],
    users: [
      user('snv.hungnv', 'Nguyễn Văn Hùng', 'BGĐ', 'giam_doc', ['agency_leader'], 'tuyet_mat'),
      user('snv.hattt', 'Trần Thị Thu Hà', 'BGĐ', 'pho_giam_doc', ['agency_leader'], 'toi_mat'),
      user('snv.tuanlm', 'Lê Minh Tuấn', 'BGĐ', 'pho_giam_doc', ['agency_leader'], 'toi_mat'),
      user('snv.lanpt', 'Phạm Thị Lan', 'VP', 'truong_phong', ['unit_leader'], 'mat'),
      user('snv.namdv', 'Đỗ Văn Nam', 'VP', 'pho_truong_phong', ['unit_leader'], 'mat'),
      user('snv.maiht', 'Hoàng Thị Mai', 'VP', 'van_thu', ['clerk'], 'toi_mat'),
      user('snv.hongvt', 'Vũ Thị Hồng', 'VP', 'van_thu', ['clerk'], 'mat'),
      user('snv.huybq', 'Bùi Quang Huy', 'VP', 'chuyen_vien', ['administrator']),
      user('snv.trangdt', 'Đặng Thu Trang', 'VP', 'chuyen_vien', ['analyst', 'specialist']),
      user('snv.thangnd', 'Ngô Đức Thắng', 'TCBC', 'truong_phong', ['unit_leader'], 'mat'),
      user('snv.anhdtn', 'Đinh Thị Ngọc Ánh', 'TCBC', 'chuyen_vien', ['specialist']),
      user('snv.loipv', 'Phan Văn Lợi', 'TCBC', 'chuyen_vien', ['specialist'], 'mat'),
      user('snv.phuongdt', 'Dương Thị Phượng', 'CCVC', 'truong_phong', ['unit_leader'], 'mat'),
      user('snv.khanhlv', 'Lý Văn Khánh', 'CCVC', 'chuyen_vien', ['specialist']),
      user('snv.yentt', 'Trịnh Thị Yến', 'CCVC', 'chuyen_vien', ['specialist']),
    ],
  },
  {
    organId: '000.00.13.H26',
    name: 'Sở Tài chính tỉnh Hòa Bình',
    abbreviation: 'STC',
    emailDomain: 'stc.hoabinh.example.vn',
    units: [
      { code: 'BGĐ', name: 'Ban Giám đốc' },
      { code: 'VP', name: 'Văn phòng', parent: 'BGĐ' },
      { code: 'QLNS', name: 'Phòng Quản lý ngân sách', parent: 'BGĐ' },
      { code: 'TCDN', name: 'Phòng Tài chính doanh nghiệp', parent: 'BGĐ' },
    ],
    users: [
      user('stc.sonhv', 'Hà Văn Sơn', 'BGĐ', 'giam_doc', ['agency_leader'], 'tuyet_mat'),
      user(
        'stc.thuyltt',
        'Lương Thị Thanh Thủy',
        'BGĐ',
        'pho_giam_doc',
        ['agency_leader'],
        'toi_mat',
      ),
      user('stc.truongmx', 'Mai Xuân Trường', 'VP', 'truong_phong', ['unit_leader'], 'mat'),
      user('stc.nhungtt', 'Tạ Thị Nhung', 'VP', 'van_thu', ['clerk'], 'toi_mat'),
      user('stc.duccm', 'Cao Minh Đức', 'VP', 'chuyen_vien', ['administrator']),
      user('stc.binhkv', 'Kiều Văn Bình', 'QLNS', 'truong_phong', ['unit_leader'], 'mat'),
      user('stc.hanhqt', 'Quách Thị Hạnh', 'QLNS', 'pho_truong_phong', ['unit_leader'], 'mat'),
      user('stc.longhn', 'Hồ Ngọc Long', 'QLNS', 'chuyen_vien', ['specialist']),
      user('stc.linhltd', 'Lâm Thị Diệu Linh', 'QLNS', 'chuyen_vien', ['specialist']),
      user('stc.phucav', 'Âu Văn Phúc', 'TCDN', 'truong_phong', ['unit_leader'], 'mat'),
      user('stc.oanhctk', 'Chu Thị Kim Oanh', 'TCDN', 'chuyen_vien', ['specialist']),
      user('stc.quandm', 'Doãn Minh Quân', 'TCDN', 'chuyen_vien', ['analyst']),
    ],
  },
];

/** The demo delegation: a deputy director signs ký thay (KT.) for the director for a year. */
export const DEMO_DELEGATION = Object.freeze({
  from: 'snv.hungnv',
  to: 'snv.hattt',
  form: 'KT',
  scope: 'sign:outgoing',
  days: 365,
} as const);
