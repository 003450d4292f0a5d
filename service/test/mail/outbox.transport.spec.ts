import { expect } from 'chai';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { NotFoundError, ValidationError } from '../../src/errors/index.js';
import { OutboxReader, OutboxTransport } from '../../src/mail/index.js';

describe('OutboxTransport', function () {
  let dataDir: string;

  beforeEach(function () {
    dataDir = mkdtempSync(join(tmpdir(), 'docroute-outbox-'));
  });

  afterEach(function () {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes parseable eml files', async function () {
    // given an outbox in an empty data folder
    const transport = new OutboxTransport({ dataDir, from: 'no-reply@example.gov.vn' });

    // when
    const sent = await transport.send({
      to: ['hang.nt@example.gov.vn', 'minh.lv@example.gov.vn'],
      subject: 'Cảnh báo: 125/QĐ-UBND quá hạn 2 ngày làm việc',
      text: 'Văn bản đã quá hạn.',
      html: '<p>Văn bản đã quá hạn.</p>',
      messageId: '<abc@docroute.example.gov.vn>',
    });

    // then
    const files = readdirSync(join(dataDir, 'outbox'));
    expect(files).to.have.length(1);
    const raw = readFileSync(join(dataDir, 'outbox', files[0]));
    const parsed = await simpleParser(raw);
    expect(sent.messageId).to.equal('<abc@docroute.example.gov.vn>');
    expect(raw.toString('latin1')).to.contain('\r\n');
    expect(raw.toString('latin1')).not.to.match(/[^\r]\n/);
    expect(parsed.messageId).to.equal('<abc@docroute.example.gov.vn>');
    expect(parsed.subject).to.equal('Cảnh báo: 125/QĐ-UBND quá hạn 2 ngày làm việc');
    expect(parsed.text?.trim()).to.equal('Văn bản đã quá hạn.');
    expect(parsed.html).to.contain('<p>Văn bản đã quá hạn.</p>');
  });

  it('lists messages for administrators', async function () {
    // given two messages in the outbox
    const transport = new OutboxTransport({ dataDir, from: 'no-reply@example.gov.vn' });
    await transport.send({ to: 'a@example.gov.vn', subject: 'Một', text: 'một' });
    await transport.send({ to: 'b@example.gov.vn', subject: 'Hai', text: 'hai' });
    const reader = new OutboxReader({ dataDir });

    // when
    const messages = await reader.list();

    // then
    expect(messages.map((m) => m.subject).sort()).to.deep.equal(['Hai', 'Một']);
    expect(messages.map((m) => m.to[0]).sort()).to.deep.equal([
      'a@example.gov.vn',
      'b@example.gov.vn',
    ]);
    expect(messages[0].from).to.equal('no-reply@example.gov.vn');
  });

  it('lists nothing before the first message', async function () {
    // given a data folder without an outbox
    const reader = new OutboxReader({ dataDir });

    // when
    const messages = await reader.list();

    // then
    expect(messages).to.deep.equal([]);
  });

  it('rejects file names outside the outbox', async function () {
    // given a reader
    const reader = new OutboxReader({ dataDir });

    // when
    const traversal = await reader.read('../secret.eml').catch((e: unknown) => e);
    const missing = await reader
      .read('1764806600000-0123456789abcdef.eml')
      .catch((e: unknown) => e);

    // then
    expect(traversal).to.be.instanceOf(ValidationError);
    expect(missing).to.be.instanceOf(NotFoundError);
  });
});
