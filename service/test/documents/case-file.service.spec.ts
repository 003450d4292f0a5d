import { expect } from 'chai';
import { CaseFileService } from '../../src/documents/index.js';
import { ConflictError, ValidationError } from '../../src/errors/index.js';
import { describeEachDatabase } from '../support/databases.js';
import {
  decisionDraft,
  incomingLetter,
  MINISTRY,
  openDocumentServices,
  PROVINCE,
  type DocumentServices,
} from './document-fixtures.js';

describeEachDatabase('case file service', (database) => {
  let services: DocumentServices;
  let caseFiles: CaseFileService;

  before(async function () {
    services = await openDocumentServices(database().url);
    await services.organisations.create(MINISTRY);
    await services.organisations.create(PROVINCE);
    caseFiles = new CaseFileService(services.dataSource, services.audit, services.clock.now);
  });

  after(async function () {
    await services?.dataSource.destroy();
  });

  const caseFileInput = {
    organId: MINISTRY.organId,
    fileCatalog: 2026,
    fileNotation: 'VP-01',
    title: 'Hồ sơ triển khai Nghị định 30/2020/NĐ-CP',
    maintenance: 'Vĩnh viễn',
    rights: 'Hạn chế',
    creator: 'Văn phòng Bộ',
    startDate: '2026-01-05',
  };

  it('links documents in filing order without copying them', async function () {
    // given a case file and two documents
    const caseFile = await caseFiles.create(caseFileInput);
    const letter = await services.documents.registerIncoming(
      incomingLetter({ pageAmount: 3 }),
      'van-thu',
    );
    const draft = await services.documents.createDraft(decisionDraft({ pageAmount: 4 }), 'cv');

    // when both are filed
    await caseFiles.addDocument(caseFile.caseFile.id, letter.details.document.id, 'van-thu');
    const filed = await caseFiles.addDocument(caseFile.caseFile.id, draft.document.id, 'van-thu');

    // then they are numbered 1 and 2, counted, and still single rows in documents
    expect(filed.fileCode).to.equal('000.00.00.G22.2026.VP-01');
    expect(filed.documents.map((entry) => [entry.docOrdinal, entry.document.id])).to.deep.equal([
      [1, letter.details.document.id],
      [2, draft.document.id],
    ]);
    expect(filed.docTotal).to.equal(2);
    expect(filed.pageTotal).to.equal(7);
    const rows = await services.dataSource.query(
      'SELECT COUNT(*) AS count FROM documents WHERE id = ?',
      [draft.document.id],
    );
    expect(Number(rows[0].count)).to.equal(1);
  });

  it('rejects filing a document twice', async function () {
    const caseFile = await caseFiles.create({ ...caseFileInput, fileNotation: 'VP-02' });
    const draft = await services.documents.createDraft(decisionDraft(), 'cv');
    await caseFiles.addDocument(caseFile.caseFile.id, draft.document.id, 'van-thu');

    const error = await caseFiles
      .addDocument(caseFile.caseFile.id, draft.document.id, 'van-thu')
      .catch((caught) => caught);

    expect(error).to.be.instanceOf(ConflictError);
  });

  it('rejects a second case file with the same file code', async function () {
    await caseFiles.create({ ...caseFileInput, fileNotation: 'VP-03' });

    const error = await caseFiles
      .create({ ...caseFileInput, fileNotation: 'VP-03' })
      .catch((caught) => caught);

    expect(error).to.be.instanceOf(ConflictError);
  });

  it('names the field over its length', async function () {
    const error = await caseFiles
      .create({
        ...caseFileInput,
        fileNotation: 'VP-04',
        maintenance: 'Bảo quản vĩnh viễn tại Lưu trữ lịch sử',
      })
      .catch((caught) => caught);

    expect(error).to.be.instanceOf(ValidationError);
    expect(error.details).to.deep.include({ field: 'maintenance', limit: 30 });
  });
});
