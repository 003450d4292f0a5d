import { expect } from 'chai';
import { runWriteTransaction } from '../../src/db/write-transaction.js';
import { ValidationError } from '../../src/errors/index.js';
import { describeEachDatabase } from '../support/databases.js';
import {
  decisionDraft,
  MINISTRY,
  openDocumentServices,
  PROVINCE,
  type DocumentServices,
} from '../documents/document-fixtures.js';

describeEachDatabase('register numbering', (database) => {
  let services: DocumentServices;

  before(async function () {
    services = await openDocumentServices(database().url, {
      poolSize: 20,
      series: { separateSeriesTypes: ['NQ'] },
    });
    await services.organisations.create(MINISTRY);
    await services.organisations.create(PROVINCE);
  });

  after(async function () {
    await services?.dataSource.destroy();
  });

  async function issueDraft(overrides: Parameters<typeof decisionDraft>[0] = {}, unit?: string) {
    const draft = await services.documents.createDraft(decisionDraft(overrides), 'chuyen-vien');
    return services.documents.issue(draft.document.id, { unitAbbreviation: unit }, 'van-thu');
  }

  it('gives 50 concurrent issues the numbers 1 to 50', async function () {
    // given 50 drafts of one organisation in 2026
    services.clock.current = new Date('2026-03-02T02:00:00Z');
    const drafts = [];
    for (let index = 0; index < 50; index += 1) {
      drafts.push(
        await services.documents.createDraft(decisionDraft({ organId: PROVINCE.organId }), 'cv'),
      );
    }

    // when all of them are issued at once, each on its own pooled connection on MySQL
    const issued = await Promise.all(
      drafts.map((draft) => services.documents.issue(draft.document.id, {}, 'van-thu')),
    );

    // then the numbers are exactly 1..50
    const numbers = issued
      .map((details) => details.document.registerNumber)
      .sort((a, b) => a! - b!);
    expect(numbers).to.deep.equal(Array.from({ length: 50 }, (_, index) => index + 1));
    const notations = new Set(
      issued.map((details) => `${details.document.codeNumber}/${details.document.codeNotation}`),
    );
    expect(notations.size).to.equal(50);
    const last = await services.registers.peekLast({
      organId: PROVINCE.organId,
      kind: 'outgoing',
      year: 2026,
      series: 'general',
    });
    expect(last).to.equal(50);
  });

  it('numbers secret documents in their own series', async function () {
    // given the ministry's general series at some number
    services.clock.current = new Date('2026-04-01T02:00:00Z');
    const before = await issueDraft();

    // when a secret document and then an ordinary one are issued
    const secret = await issueDraft({ secrecy: 'mat' });
    const ordinary = await issueDraft();

    // then the secret one starts its own series at 1 and the general series goes on
    expect(secret.document.registerSeries).to.equal('secret');
    expect(secret.document.registerNumber).to.equal(1);
    expect(ordinary.document.registerSeries).to.equal('general');
    expect(ordinary.document.registerNumber).to.equal(before.document.registerNumber! + 1);
  });

  it('numbers a configured type in its own series', async function () {
    services.clock.current = new Date('2026-04-02T02:00:00Z');
    const resolution = await issueDraft({ typeCode: 'NQ' });
    const second = await issueDraft({ typeCode: 'NQ' });

    expect(resolution.document.registerSeries).to.equal('type:NQ');
    expect(resolution.document.registerNumber).to.equal(1);
    expect(second.document.registerNumber).to.equal(2);
    expect(second.document.codeNumber).to.equal('02');
    expect(second.document.codeNotation).to.equal('NQ-BNV');
  });

  it('turns the year over at midnight in Vietnam', async function () {
    // given a number issued just before midnight in Vietnam on 31 December 2026
    services.clock.current = new Date('2026-12-31T16:59:59.999Z');
    const lastOf2026 = await issueDraft({ typeCode: 'TB' });

    // when the next one is issued at 17:00 UTC, which is 00:00 on 1 January 2027 in Vietnam
    services.clock.current = new Date('2026-12-31T17:00:00.000Z');
    const firstOf2027 = await issueDraft({ typeCode: 'TB' });

    // then the first one counts in 2026 and the second starts 2027 at 1
    expect(lastOf2026.document.registerYear).to.equal(2026);
    expect(lastOf2026.document.issuedDate).to.equal('2026-12-31');
    expect(firstOf2027.document.registerYear).to.equal(2027);
    expect(firstOf2027.document.registerNumber).to.equal(1);
    expect(firstOf2027.document.issuedDate).to.equal('2027-01-01');
    expect(firstOf2027.document.codeNumber).to.equal('01');
  });

  it('gives back a number whose transaction rolls back', async function () {
    // given an unused register series
    const key = {
      organId: MINISTRY.organId,
      kind: 'outgoing' as const,
      year: 2030,
      series: 'general',
    };

    // when a transaction takes a number and then fails
    const failed = runWriteTransaction(services.dataSource, async (manager) => {
      await services.registers.takeNext(manager, key);
      throw new Error('storing the document failed');
    });
    const error = await failed.catch((caught: Error) => caught);
    expect(error).to.be.instanceOf(Error);

    // then the next transaction gets number 1
    const number = await runWriteTransaction(services.dataSource, (manager) =>
      services.registers.takeNext(manager, key),
    );
    expect(number).to.equal(1);
  });

  it('rejects a công văn issued without a drafting unit', async function () {
    // given an outgoing công văn draft
    const draft = await services.documents.createDraft(decisionDraft({ typeCode: 'CV' }), 'cv');
    const key = {
      organId: MINISTRY.organId,
      kind: 'outgoing' as const,
      year: 2026,
      series: 'general',
    };
    services.clock.current = new Date('2026-05-05T02:00:00Z');
    const lastBefore = await services.registers.peekLast(key);

    // when it is issued without a unit abbreviation
    const error = await services.documents
      .issue(draft.document.id, {}, 'van-thu')
      .catch((caught) => caught);

    // then a ValidationError names the field and no number is used up
    expect(error).to.be.instanceOf(ValidationError);
    expect(error.details.field).to.equal('unitAbbreviation');
    expect(await services.registers.peekLast(key)).to.equal(lastBefore);
    const issued = await services.documents.issue(
      draft.document.id,
      { unitAbbreviation: 'VP' },
      'van-thu',
    );
    expect(issued.document.codeNotation).to.equal('BNV-VP');
    expect(issued.document.registerNumber).to.equal(lastBefore + 1);
  });
});
