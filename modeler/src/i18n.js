/**
 * Vietnamese for the modeler: the bpmn-js translate module for diagram and properties panel
 * strings, and the page's own strings. English is the source language of both.
 */

/** bpmn-js, properties panel and bpmnlint strings that the modeler shows, in Vietnamese. */
const diagramStrings = {
  'Activate hand tool': 'Công cụ di chuyển',
  'Activate lasso tool': 'Công cụ chọn vùng',
  'Activate create/remove space tool': 'Công cụ thêm/bớt khoảng trống',
  'Activate global connect tool': 'Công cụ nối',
  'Create start event': 'Thêm sự kiện bắt đầu',
  'Create end event': 'Thêm sự kiện kết thúc',
  'Create task': 'Thêm tác vụ',
  'Create gateway': 'Thêm cổng rẽ nhánh',
  'Create intermediate/boundary event': 'Thêm sự kiện trung gian/biên',
  'Create expanded sub-process': 'Thêm quy trình con',
  'Create pool/participant': 'Thêm bể/bên tham gia',
  'Create data object reference': 'Thêm đối tượng dữ liệu',
  'Create data store reference': 'Thêm kho dữ liệu',
  'Create group': 'Thêm nhóm',
  'Create element': 'Thêm phần tử',
  'Append end event': 'Nối sự kiện kết thúc',
  'Append gateway': 'Nối cổng rẽ nhánh',
  'Append task': 'Nối tác vụ',
  'Append intermediate/boundary event': 'Nối sự kiện trung gian/biên',
  'Append element': 'Nối phần tử',
  'Append text annotation': 'Nối ghi chú',
  'Add text annotation': 'Thêm ghi chú',
  'Connect to other element': 'Nối tới phần tử khác',
  'Connect using association': 'Nối bằng liên kết',
  'Connect using sequence/message flow or association': 'Nối bằng luồng hoặc liên kết',
  'Change element': 'Đổi loại phần tử',
  'Change type': 'Đổi loại',
  Delete: 'Xóa',
  Remove: 'Xóa',
  'User task': 'Nhiệm vụ người dùng',
  'Service task': 'Tác vụ dịch vụ',
  Task: 'Tác vụ',
  'Start event': 'Sự kiện bắt đầu',
  'End event': 'Sự kiện kết thúc',
  General: 'Chung',
  Name: 'Tên',
  ID: 'Mã',
  Documentation: 'Mô tả',
  'Element documentation': 'Mô tả phần tử',
  Assignment: 'Phân công',
  Assignee: 'Người xử lý',
  'Candidate groups': 'Nhóm xử lý',
  'Candidate users': 'Người có thể nhận',
  'Task schedule': 'Lịch xử lý',
  'Due date': 'Hạn xử lý',
  'Follow up date': 'Ngày nhắc lại',
  Implementation: 'Cách thực hiện',
  'Task definition': 'Định nghĩa tác vụ',
  'Job type': 'Loại công việc',
  Retries: 'Số lần thử lại',
  Inputs: 'Dữ liệu vào',
  Outputs: 'Dữ liệu ra',
  Headers: 'Tiêu đề tác vụ',
  Template: 'Mẫu',
  Priority: 'Độ ưu tiên',
  Form: 'Biểu mẫu',
  'Execution listeners': 'Bộ lắng nghe thực thi',
  'Extension properties': 'Thuộc tính mở rộng',
  'Toggle linting overlays': 'Bật/tắt hiển thị lỗi',
  'No Issues': 'Không có lỗi',
  '{errors} Errors, {warnings} Warnings': '{errors} lỗi, {warnings} cảnh báo',
  'Job priority': 'Độ ưu tiên công việc',
  'Version tag': 'Nhãn phiên bản',
  Executable: 'Có thể thực thi',
  'Input mapping': 'Ánh xạ dữ liệu vào',
  'Output mapping': 'Ánh xạ dữ liệu ra',
  'Task listeners': 'Bộ lắng nghe nhiệm vụ',
  Process: 'Quy trình',
  'Issues for child elements': 'Lỗi của phần tử con',
  'User task has no assignee and no candidate group':
    'Nhiệm vụ chưa có người xử lý hoặc nhóm xử lý',
  'User task has no due date': 'Nhiệm vụ chưa có hạn xử lý',
  Applied: 'Đã áp dụng',
  Unlink: 'Bỏ liên kết mẫu',
  'Must not be empty.': 'Không được để trống.',
  Select: 'Chọn',
  '<none>': '<không có>',
  'Custom properties': 'Thuộc tính riêng',
  Description: 'Mô tả',
  Version: 'Phiên bản',
  Deprecated: 'Không còn dùng',
  'Update available': 'Có bản cập nhật',
};

/** The page's own strings by key, in both languages. */
const pageStrings = {
  title: { en: 'docroute route modeler', vi: 'Thiết kế quy trình docroute' },
  new: { en: 'New', vi: 'Tạo mới' },
  openServer: { en: 'Open from server…', vi: 'Mở từ máy chủ…' },
  drafts: { en: 'Drafts', vi: 'Bản nháp' },
  deployed: { en: 'Deployed', vi: 'Đã triển khai' },
  openFile: { en: 'Open file', vi: 'Mở tệp' },
  save: { en: 'Save draft', vi: 'Lưu nháp' },
  deploy: { en: 'Deploy', vi: 'Triển khai' },
  downloadBpmn: { en: 'Download BPMN', vi: 'Tải BPMN' },
  downloadSvg: { en: 'Download SVG', vi: 'Tải SVG' },
  applyTemplate: { en: 'Apply step template…', vi: 'Áp dụng mẫu bước…' },
  versions: { en: 'Versions', vi: 'Phiên bản' },
  startInstance: { en: 'Start test instance', vi: 'Chạy thử' },
  compare: { en: 'Compare selected', vi: 'So sánh đã chọn' },
  open: { en: 'Open', vi: 'Mở' },
  version: { en: 'Version', vi: 'Phiên bản' },
  deployedAt: { en: 'Deployed at', vi: 'Thời điểm' },
  deployedBy: { en: 'Deployed by', vi: 'Người triển khai' },
  added: { en: 'Added', vi: 'Thêm' },
  removed: { en: 'Removed', vi: 'Xóa' },
  changed: { en: 'Changed', vi: 'Thay đổi' },
  saved: { en: 'Draft saved', vi: 'Đã lưu nháp' },
  deployedVersion: { en: 'Deployed as version {version}', vi: 'Đã triển khai phiên bản {version}' },
  deployFailed: { en: 'Deployment rejected', vi: 'Triển khai bị từ chối' },
  instance: { en: 'Instance {key}: {state}', vi: 'Phiên chạy {key}: {state}' },
  ACTIVE: { en: 'running', vi: 'đang chạy' },
  COMPLETED: { en: 'completed', vi: 'đã hoàn thành' },
  TERMINATED: { en: 'terminated', vi: 'đã dừng' },
  incidents: { en: 'Incidents', vi: 'Sự cố' },
  importFailed: { en: 'The diagram could not be opened', vi: 'Không mở được sơ đồ' },
  requestFailed: { en: 'Request failed', vi: 'Yêu cầu thất bại' },
  loginTitle: { en: 'Log in to the route modeler', vi: 'Đăng nhập thiết kế quy trình' },
  username: { en: 'User name', vi: 'Tên đăng nhập' },
  password: { en: 'Password', vi: 'Mật khẩu' },
  logIn: { en: 'Log in', vi: 'Đăng nhập' },
  logOut: { en: 'Log out', vi: 'Đăng xuất' },
  switchUser: { en: 'Log in as another user', vi: 'Đăng nhập bằng tài khoản khác' },
  loginLimited: {
    en: 'Too many failed logins. Wait {minutes} minute(s), then try again with the right password.',
    vi: 'Đăng nhập sai quá nhiều lần. Hãy chờ {minutes} phút rồi đăng nhập lại với mật khẩu đúng.',
  },
  noLayout: {
    en: '{name} has no diagram layout (no bpmndi:BPMNDiagram), so the modeler cannot draw it. The open diagram stays as it was. Open the file in a BPMN editor such as Camunda Modeler, save it there so that it gets a layout, and open it here again.',
    vi: 'Tệp {name} không có bố cục sơ đồ (không có bpmndi:BPMNDiagram) nên không vẽ được. Sơ đồ đang mở vẫn giữ nguyên. Hãy mở tệp bằng một công cụ vẽ BPMN như Camunda Modeler, lưu lại ở đó để có bố cục, rồi mở lại tại đây.',
  },
  notAnalyst: {
    en: '{name} ({username}) does not have the analyst role, which the route modeler requires. Ask an administrator for the role, or log in as an analyst.',
    vi: '{name} ({username}) không có vai trò phân tích quy trình (analyst) nên không dùng được trình thiết kế quy trình. Đề nghị quản trị viên cấp vai trò này, hoặc đăng nhập bằng tài khoản khác.',
  },
};

const storageKey = 'docroute.modeler.language';

/** Returns the language the analyst chose last, Vietnamese by default. */
export function currentLanguage() {
  return localStorage.getItem(storageKey) === 'en' ? 'en' : 'vi';
}

export function storeLanguage(language) {
  localStorage.setItem(storageKey, language);
}

function fill(template, replacements = {}) {
  return template.replace(/{([^}]+)}/g, (_, key) => String(replacements[key] ?? `{${key}}`));
}

/** Builds a bpmn-js module whose `translate` service renders strings in `language`. */
export function createTranslateModule(language) {
  const translate = (template, replacements) =>
    fill(language === 'vi' ? (diagramStrings[template] ?? template) : template, replacements);
  return { translate: ['value', translate] };
}

/** Returns the page string `key` in `language`. */
export function pageText(language, key, replacements) {
  const entry = pageStrings[key];
  return entry ? fill(entry[language], replacements) : key;
}

/** Sets the text of every element with `data-i18n` and the page language. */
export function translatePage(language) {
  document.documentElement.lang = language;
  for (const element of document.querySelectorAll('[data-i18n]')) {
    element.textContent = pageText(language, element.dataset.i18n);
  }
  document.title = pageText(language, 'title');
}
