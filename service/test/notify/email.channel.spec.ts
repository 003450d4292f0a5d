import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/db/data-source.js';
import { MailService, OutboxReader, OutboxTransport } from '../../src/mail/index.js';
import { EmailChannel } from '../../src/notify/index.js';
import { describeEachDatabase } from '../support/databases.js';

describeEachDatabase('EmailChannel', (database) => {
  let dataSource: DataSource;
  let dataDir: string;

  before(async function () {
    dataSource = createDataSource(database().url);
    await dataSource.initialize();
    dataDir = mkdtempSync(join(tmpdir(), 'docroute-channel-'));
  });

  after(async function () {
    await dataSource.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends a redelivered notification once', async function () {
    // given an e-mail channel writing to the outbox
    const transport = new OutboxTransport({ dataDir, from: 'no-reply@example.gov.vn' });
    const mail = new MailService({ dataSource, transport, messageIdDomain: 'example.gov.vn' });
    const channel = new EmailChannel(mail);
    const notification = {
      recipient: 'hang.nt@example.gov.vn',
      subject: 'Nhắc việc: 125/QĐ-UBND',
      text: 'Văn bản <Kế hoạch> sắp đến hạn',
      link: 'https://docroute.example.gov.vn/tasks/task-1?tab=a&b=1',
      idempotencyKey: 'reminder:task-1:1',
    };

    // when the same notification is delivered twice
    await channel.send(notification);
    await channel.send(notification);

    // then
    const messages = await new OutboxReader({ dataDir }).list();
    expect(messages).to.have.length(1);
    expect(messages[0].to).to.deep.equal(['hang.nt@example.gov.vn']);
    expect(messages[0].subject).to.equal('Nhắc việc: 125/QĐ-UBND');
    expect(messages[0].text).to.contain('https://docroute.example.gov.vn/tasks/task-1?tab=a&b=1');
    expect(messages[0].html).to.contain('&lt;Kế hoạch&gt;');
    expect(messages[0].html).to.contain(
      'href="https://docroute.example.gov.vn/tasks/task-1?tab=a&amp;b=1"',
    );
  });
});
