import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { loadRegisterTable } from '../../src/documents/index.js';
import { REGISTER_COLUMNS, registerToCsv, registerToPdf } from '../../src/registers/index.js';
import { describeEachDatabase } from '../support/databases.js';
import {
  decisionDraft,
  incomingLetter,
  MINISTRY,
  openDocumentServices,
  PROVINCE,
  type DocumentServices,
} from '../documents/document-fixtures.js';

/** Extracts the text of a PDF with poppler's pdftotext, keeping the layout of each line. */
function pdfText(pdf: Buffer): string {
  const folder = mkdtempSync(join(tmpdir(), 'docroute-pdf-'));
  try {
    const file = join(folder, 'register.pdf');
    writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

describeEachDatabase('register export', (database) => {
  let services: DocumentServices;
  let incomingId: string;

  before(async function () {
    // given one outgoing decision, one incoming letter with a deadline, and a reply to it
    services = await openDocumentServices(database().url);
    await services.organisations.create(MINISTRY);
    await services.organisations.create(PROVINCE);
    services.clock.current = new Date('2026-10-05T02:00:00Z');
    const draft = await services.documents.createDraft(decisionDraft({ issuedAmount: 12 }), 'cv');
    await services.documents.issue(draft.document.id, {}, 'van-thu');
    const incoming = await services.documents.registerIncoming(
      incomingLetter({ dueDate: '2026-10-15', toPlaces: 'Vụ Tổ chức cán bộ', priority: 1 }),
      'van-thu',
    );
    incomingId = incoming.details.document.id;
    const reply = await services.documents.createDraft(
      decisionDraft({
        typeCode: 'CV',
        subject: 'Về việc trả lời công văn 15/UBND-VP',
        replyToDocumentId: incomingId,
      }),
      'cv',
    );
    await services.documents.issue(reply.document.id, { unitAbbreviation: 'TCCB' }, 'van-thu');
  });

  after(async function () {
    await services?.dataSource.destroy();
  });

  const period = { organId: MINISTRY.organId, from: '2026-10-01', to: '2026-10-31' };

  it('writes the outgoing register as CSV with BOM', async function () {
    const table = await loadRegisterTable(
      services.dataSource,
      { ...period, book: 'outgoing' },
      services.clock.now(),
    );

    const csv = registerToCsv(table);

    expect([...csv.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    const lines = csv.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).to.equal(
      REGISTER_COLUMNS.outgoing.map((c) => (c.includes(',') ? `"${c}"` : c)).join(','),
    );
    expect(lines[1]).to.equal(
      '01/QĐ-BNV,05/10/2026,Quyết định: Về việc triển khai Nghị định 30/2020/NĐ-CP,' +
        'Nguyễn Thị Hồng Nhung,Ủy ban nhân dân Thành phố Hà Nội,,12,,,',
    );
    expect(lines[2]).to.match(/^02\/BNV-TCCB,05\/10\/2026,Công văn: Về việc trả lời/);
    expect(lines).to.have.length(4);
    expect(lines[3]).to.equal('');
  });

  it('writes the incoming and follow-up registers', async function () {
    const now = services.clock.now();
    const incoming = await loadRegisterTable(
      services.dataSource,
      { ...period, book: 'incoming' },
      now,
    );
    const followUp = await loadRegisterTable(
      services.dataSource,
      { ...period, book: 'follow-up' },
      now,
    );

    expect(incoming.rows).to.deep.equal([
      [
        '05/10/2026',
        '1',
        PROVINCE.name,
        '15/UBND-VP',
        '10/06/2026',
        'Công văn: Về việc báo cáo tình hình thực hiện công tác văn thư',
        'Vụ Tổ chức cán bộ',
        '',
        '',
        'Khẩn',
      ],
    ]);
    expect(followUp.rows).to.have.length(1);
    expect(followUp.rows[0]![3]).to.equal('15/10/2026');
    expect(followUp.rows[0]![4]).to.equal('Đã trả lời');
    expect(followUp.rows[0]![5]).to.equal('02/BNV-TCCB');
  });

  it('marks a follow-up entry overdue after its deadline', async function () {
    services.clock.current = new Date('2026-10-20T02:00:00Z');
    await services.documents.registerIncoming(
      incomingLetter({ codeNumber: '40', dueDate: '2026-10-19' }),
      'van-thu',
    );

    const table = await loadRegisterTable(
      services.dataSource,
      { ...period, book: 'follow-up' },
      services.clock.now(),
    );

    expect(table.rows.map((row) => row[4])).to.deep.equal(['Đã trả lời', 'Quá hạn']);
  });

  it('renders the register as a landscape PDF with Vietnamese text', async function () {
    // given an outgoing register long enough for two pages
    const table = await loadRegisterTable(
      services.dataSource,
      { ...period, book: 'outgoing' },
      services.clock.now(),
    );
    const longTable = { ...table, rows: Array.from({ length: 40 }, () => table.rows[0]!) };

    // when it is rendered
    const pdf = await registerToPdf(longTable);

    // then it is landscape A4 over several pages, and pdftotext reads the Vietnamese text,
    // the headings on every page and the page numbers
    const info = execFileSync('pdfinfo', ['-'], { input: pdf, encoding: 'utf8' });
    expect(info).to.match(/Page size:\s+841\.89 x 595\.28 pts/);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    expect(pages).to.be.greaterThan(1);
    const text = pdfText(pdf);
    expect(text).to.contain('SỔ ĐĂNG KÝ VĂN BẢN ĐI');
    expect(text).to.contain('Từ ngày 01/10/2026 đến ngày 31/10/2026');
    expect(text).to.contain('Nguyễn Thị Hồng Nhung');
    expect(text).to.contain('Quyết định: Về việc triển khai Nghị định');
    expect(text.split('Người ký').length - 1).to.equal(pages);
    for (let page = 1; page <= pages; page += 1) expect(text).to.contain(`Trang ${page}/${pages}`);
  });
});
