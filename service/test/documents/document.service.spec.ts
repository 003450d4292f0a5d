import { expect } from 'chai';
import { ConflictError, ValidationError } from '../../src/errors/index.js';
import { searchDocuments } from '../../src/documents/index.js';
import { describeEachDatabase } from '../support/databases.js';
import {
  decisionDraft,
  FILE_A,
  FILE_B,
  incomingLetter,
  MINISTRY,
  openDocumentServices,
  PROVINCE,
  type DocumentServices,
} from './document-fixtures.js';

const SUBJECT = 'Về việc triển khai Nghị định 30/2020/NĐ-CP';
const SIGNER = 'Nguyễn Thị Hồng Nhung';

describeEachDatabase('document service', (database) => {
  let services: DocumentServices;

  before(async function () {
    services = await openDocumentServices(database().url);
    await services.organisations.create(MINISTRY);
    await services.organisations.create(PROVINCE);
  });

  after(async function () {
    await services?.dataSource.destroy();
  });

  it('round-trips Vietnamese metadata byte for byte', async function () {
    // given a draft with Vietnamese subject and signer
    const created = await services.documents.createDraft(decisionDraft(), 'chuyen-vien', FILE_A);

    // when it is read back through a fresh query
    const raw = await services.dataSource.query(
      'SELECT subject, signer_full_name FROM documents WHERE id = ?',
      [created.document.id],
    );
    const read = await services.documents.get(created.document.id);

    // then the stored bytes equal the UTF-8 bytes sent
    expect(Buffer.from(raw[0].subject, 'utf8').equals(Buffer.from(SUBJECT, 'utf8'))).to.equal(true);
    expect(
      Buffer.from(raw[0].signer_full_name, 'utf8').equals(Buffer.from(SIGNER, 'utf8')),
    ).to.equal(true);
    expect(read.document.subject).to.equal(SUBJECT);
    expect(read.document.signerFullName).to.equal(SIGNER);
    expect(read.document.typeName).to.equal('Quyết định');
    expect(read.recipients.map((recipient) => recipient.organName)).to.deep.equal([PROVINCE.name]);
    expect(read.versions.map((version) => version.fileId)).to.deep.equal([FILE_A]);
  });

  it('keeps every draft version', async function () {
    // given a draft with version 1
    const draft = await services.documents.createDraft(decisionDraft(), 'chuyen-vien', FILE_A);

    // when a second version is stored
    await services.documents.addVersion(
      draft.document.id,
      FILE_B,
      'truong-phong',
      'sửa theo góp ý',
    );

    // then both versions remain, in order
    const read = await services.documents.get(draft.document.id);
    expect(read.versions.map((version) => [version.version, version.fileId])).to.deep.equal([
      [1, FILE_A],
      [2, FILE_B],
    ]);
    expect(read.versions[1]!.note).to.equal('sửa theo góp ý');
  });

  it('refuses new versions after issue', async function () {
    const draft = await services.documents.createDraft(decisionDraft(), 'chuyen-vien', FILE_A);
    await services.documents.issue(draft.document.id, {}, 'van-thu');

    const error = await services.documents
      .addVersion(draft.document.id, FILE_B, 'cv')
      .catch((caught) => caught);

    expect(error).to.be.instanceOf(ConflictError);
  });

  it('stores attachments beside the main file', async function () {
    const draft = await services.documents.createDraft(decisionDraft(), 'chuyen-vien', FILE_A);

    await services.documents.addAttachment(
      draft.document.id,
      { fileId: FILE_B, fileName: 'Phụ lục danh sách.xlsx', mediaType: 'application/vnd.ms-excel' },
      'chuyen-vien',
    );

    const read = await services.documents.get(draft.document.id);
    expect(read.attachments.map((attachment) => attachment.fileName)).to.deep.equal([
      'Phụ lục danh sách.xlsx',
    ]);
    expect(read.versions).to.have.length(1);
  });

  it('names field, value and limit of a too long subject', async function () {
    const subject = 'Đ'.repeat(501);

    const error = await services.documents
      .createDraft(decisionDraft({ subject }), 'cv')
      .catch((caught) => caught);

    expect(error).to.be.instanceOf(ValidationError);
    expect(error.details).to.deep.include({ field: 'subject', value: subject, limit: 500 });
    expect(error.message).to.contain('501 characters');
  });

  it('rejects an unknown type code', async function () {
    const error = await services.documents
      .createDraft(decisionDraft({ typeCode: 'XYZ' }), 'cv')
      .catch((caught) => caught);

    expect(error).to.be.instanceOf(ValidationError);
    expect(error.details).to.deep.include({ field: 'typeCode', value: 'XYZ' });
  });

  it('maps pre-2020 type codes on import', async function () {
    const cases = [
      ['GN', 'BGN', 'Bản ghi nhớ'],
      ['TTh', 'BTT', 'Bản thỏa thuận'],
      ['UQ', 'GUQ', 'Giấy ủy quyền'],
      ['NP', 'GNP', 'Giấy nghỉ phép'],
    ] as const;
    for (const [legacy, current, name] of cases) {
      const { details } = await services.documents.registerIncoming(
        incomingLetter({ typeCode: legacy, codeNumber: `7${legacy}` }),
        'van-thu',
      );
      expect(details.document.typeCode, legacy).to.equal(current);
      expect(details.document.typeName, legacy).to.equal(name);
    }
  });

  it('requires a set time for Hỏa tốc hẹn giờ', async function () {
    const error = await services.documents
      .createDraft(decisionDraft({ priority: 4 }), 'cv')
      .catch((caught) => caught);

    expect(error).to.be.instanceOf(ValidationError);
    expect(error.details.field).to.equal('scheduledAt');
  });

  it('warns on a duplicate incoming document', async function () {
    // given an incoming letter 21/UBND-VP from the province
    services.clock.current = new Date('2026-07-01T02:00:00Z');
    const first = await services.documents.registerIncoming(
      incomingLetter({ codeNumber: '21' }),
      'van-thu',
    );

    // when the same number, notation and issuer arrive again, written with a leading zero
    const again = await services.documents.registerIncoming(
      incomingLetter({ codeNumber: '021' }),
      'van-thu',
    );
    const otherNumber = await services.documents.registerIncoming(
      incomingLetter({ codeNumber: '22' }),
      'van-thu',
    );

    // then it is registered with a warning naming the earlier one, and a different number is not
    expect(first.warnings).to.deep.equal([]);
    expect(again.warnings).to.have.length(1);
    expect(again.warnings[0]!.code).to.equal('POSSIBLE_DUPLICATE');
    expect(again.warnings[0]!.documentIds).to.deep.equal([first.details.document.id]);
    expect(again.details.document.registerNumber).to.equal(
      first.details.document.registerNumber! + 1,
    );
    expect(otherNumber.warnings).to.deep.equal([]);
  });

  it('sets the arrival date in Vietnam time', async function () {
    services.clock.current = new Date('2026-07-01T18:30:00Z');

    const { details } = await services.documents.registerIncoming(
      incomingLetter({ codeNumber: '90' }),
      'van-thu',
    );

    expect(details.document.arrivalDate).to.equal('2026-07-02');
    expect(details.document.status).to.equal('registered');
  });

  it('finds subjects with and without diacritics', async function () {
    // given a draft about Nghị định 30 and one about something else
    const matching = await services.documents.createDraft(
      decisionDraft({
        organId: PROVINCE.organId,
        subject: 'Kế hoạch ĐÀO TẠO cán bộ về Nghị định 30',
      }),
      'cv',
    );
    await services.documents.createDraft(
      decisionDraft({ organId: PROVINCE.organId, subject: 'Báo cáo tài chính quý III' }),
      'cv',
    );

    // when searching with diacritics, without them, and in another case
    const queries = ['nghị định đào tạo', 'NGHI DINH dao tao', 'Đào Tạo'];

    // then each query finds exactly the wanted draft
    for (const text of queries) {
      const page = await searchDocuments(services.dataSource, { organId: PROVINCE.organId, text });
      expect(
        page.items.map((item) => item.id),
        text,
      ).to.deep.equal([matching.document.id]);
    }
  });

  it('searches LIKE wildcards literally', async function () {
    // given a subject with a percent sign and one without
    const percent = await services.documents.createDraft(
      decisionDraft({ subject: 'Giải ngân đạt 100% kế hoạch vốn' }),
      'cv',
    );
    await services.documents.createDraft(
      decisionDraft({ subject: 'Giải ngân đạt 1000 tỷ đồng' }),
      'cv',
    );

    // when searching for "100%" and for "_"
    const percentPage = await searchDocuments(services.dataSource, { text: 'giai ngan 100%' });
    const underscorePage = await searchDocuments(services.dataSource, { text: 'giai ngan _' });

    // then the percent sign matches itself only, and no subject has an underscore
    expect(percentPage.items.map((item) => item.id)).to.deep.equal([percent.document.id]);
    expect(underscorePage.items).to.deep.equal([]);
  });

  it('filters by metadata fields', async function () {
    services.clock.current = new Date('2026-08-03T02:00:00Z');
    const { details } = await services.documents.registerIncoming(
      incomingLetter({
        codeNumber: '305',
        priority: 1,
        dueDate: '2026-08-20',
        issuedDate: '2026-08-01',
      }),
      'van-thu',
    );
    const filters = [
      { codeNumber: '305', codeNotation: 'UBND-VP' },
      { issuingOrganId: PROVINCE.organId, priority: 1, codeNumber: '305' },
      { signerFullName: 'Trần Văn Minh', dueFrom: '2026-08-20', dueTo: '2026-08-20' },
      {
        direction: 'incoming' as const,
        arrivalFrom: '2026-08-03',
        arrivalTo: '2026-08-03',
        typeCode: 'CV',
      },
      { issuedFrom: '2026-08-01', issuedTo: '2026-08-01', organName: PROVINCE.name },
    ];
    for (const filter of filters) {
      const page = await searchDocuments(services.dataSource, {
        organId: MINISTRY.organId,
        ...filter,
      });
      expect(
        page.items.map((item) => item.id),
        JSON.stringify(filter),
      ).to.deep.equal([details.document.id]);
    }
  });

  it('leaves out documents above the clearance', async function () {
    const secret = await services.documents.createDraft(
      decisionDraft({ subject: 'Phương án bảo vệ bí mật nhà nước', secrecy: 'toi-mat' }),
      'cv',
    );

    const uncleared = await searchDocuments(services.dataSource, {
      text: 'bi mat nha nuoc',
      clearance: 'mat',
    });
    const cleared = await searchDocuments(services.dataSource, {
      text: 'bi mat nha nuoc',
      clearance: 'tuyet-mat',
    });

    expect(uncleared.items).to.deep.equal([]);
    expect(cleared.items.map((item) => item.id)).to.deep.equal([secret.document.id]);
  });

  it('pages with a keyset cursor', async function () {
    // given five drafts created one millisecond apart
    const ids: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      services.clock.current = new Date(Date.UTC(2026, 8, 1, 2, 0, 0, index));
      const draft = await services.documents.createDraft(
        decisionDraft({ subject: `Trang thử ${index}` }),
        'cv',
      );
      ids.push(draft.document.id);
    }

    // when they are read two at a time
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await searchDocuments(
        services.dataSource,
        { text: 'trang thu' },
        { limit: 2, cursor },
      );
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null && pages < 10);

    // then every draft comes once, newest first, on three pages
    expect(seen).to.deep.equal([...ids].reverse());
    expect(pages).to.equal(3);
  });

  it('rejects a cursor it did not issue', async function () {
    const error = await searchDocuments(services.dataSource, {}, { cursor: 'not-a-cursor' }).catch(
      (caught) => caught,
    );

    expect(error).to.be.instanceOf(ValidationError);
    expect(error.details.field).to.equal('cursor');
  });
});
