import { expect } from 'chai';
import { AuditLog, GENESIS_HASH } from '../../src/audit/index.js';
import { ValidationError } from '../../src/errors/index.js';
import { describeEachDatabase } from '../support/databases.js';
import { openDocumentServices, type DocumentServices } from '../documents/document-fixtures.js';

describeEachDatabase('audit log', (database) => {
  let services: DocumentServices;
  let audit: AuditLog;

  beforeEach(async function () {
    // every test starts from an empty chain in a database of its own tables
    services = await openDocumentServices(database().url, { poolSize: 10 });
    await services.dataSource.query('DELETE FROM audit_log');
    await services.dataSource.query(
      'UPDATE audit_chain_head SET last_sequence = 0, last_hash = ? WHERE id = 1',
      [GENESIS_HASH],
    );
    audit = services.audit;
  });

  afterEach(async function () {
    await services?.dataSource.destroy();
  });

  async function appendThree(): Promise<void> {
    await audit.append({
      actor: 'van-thu',
      action: 'registered',
      documentId: 'doc-1',
      details: { arrivalNumber: 1 },
    });
    await audit.append({ actor: 'lanh-dao', action: 'viewed', documentId: 'doc-1' });
    await audit.append({
      actor: 'chuyen-vien',
      action: 'forwarded',
      documentId: 'doc-1',
      details: { to: 'Phòng Tổ chức' },
    });
  }

  it('chains entries from the genesis hash', async function () {
    await appendThree();

    const entries = await audit.list();

    expect(entries.map((entry) => entry.sequence)).to.deep.equal([1, 2, 3]);
    expect(entries[0]!.prevHash).to.equal(GENESIS_HASH);
    expect(entries[1]!.prevHash).to.equal(entries[0]!.hash);
    expect(entries[2]!.prevHash).to.equal(entries[1]!.hash);
    expect(await audit.verifyChain()).to.deep.equal({ ok: true, entries: 3 });
  });

  it('reports an entry edited in the database', async function () {
    // given three entries
    await appendThree();

    // when the actor of entry 2 is changed directly in the table
    await services.dataSource.query("UPDATE audit_log SET actor = 'ke-gian' WHERE sequence = 2");

    // then verification points at entry 2
    const result = await audit.verifyChain();
    expect(result.ok).to.equal(false);
    expect(result).to.deep.include({
      sequence: 2,
      reason: 'hash does not match the entry content',
    });
  });

  it('reports edited details', async function () {
    await appendThree();

    await services.dataSource.query(
      `UPDATE audit_log SET details = '{"to":"Phòng Kế toán"}' WHERE sequence = 3`,
    );

    expect(await audit.verifyChain()).to.deep.include({ ok: false, sequence: 3 });
  });

  it('reports a deleted entry', async function () {
    await appendThree();

    await services.dataSource.query('DELETE FROM audit_log WHERE sequence = 2');

    expect(await audit.verifyChain()).to.deep.equal({
      ok: false,
      sequence: 2,
      reason: 'entry 2 is missing',
    });
  });

  it('reports entries cut off the end', async function () {
    await appendThree();

    await services.dataSource.query('DELETE FROM audit_log WHERE sequence = 3');

    expect(await audit.verifyChain()).to.deep.include({ ok: false, sequence: 3 });
  });

  it('never forks under concurrent appends', async function () {
    // when 30 appends run at once (on MySQL over separate pooled connections)
    await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        audit.append({ actor: `nguoi-${index}`, action: 'viewed', documentId: `doc-${index}` }),
      ),
    );

    // then the chain has 30 consecutive entries and verifies
    const entries = await audit.list({ limit: 100 });
    expect(entries.map((entry) => entry.sequence)).to.deep.equal(
      Array.from({ length: 30 }, (_, i) => i + 1),
    );
    expect(new Set(entries.map((entry) => entry.prevHash)).size).to.equal(30);
    expect(await audit.verifyChain()).to.deep.equal({ ok: true, entries: 30 });
  });

  it('rejects an unknown action', async function () {
    const error = await audit
      .append({ actor: 'van-thu', action: 'erased' as never })
      .catch((caught) => caught);

    expect(error).to.be.instanceOf(ValidationError);
    expect(error.details).to.deep.include({ field: 'action', value: 'erased' });
  });
});
