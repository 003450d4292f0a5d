import { expect } from 'chai';
import { OutboxTransport } from '../../src/mail/index.js';
import { describeEachDatabase } from '../support/databases.js';
import { startTestService, type TestService } from '../support/service.js';

describeEachDatabase('outbox router', (database) => {
  let service: TestService;

  before(async function () {
    this.timeout(60_000);
    service = await startTestService(database());
    const outbox = new OutboxTransport({ dataDir: service.dataDir, from: 'docroute <a@b.vn>' });
    await outbox.send({
      to: 'lanpt@snv.hoabinh.example.vn',
      subject: '[Cảnh báo cấp 1] 15/UBND-VP quá hạn 2 giờ làm việc',
      text: 'Văn bản đã quá hạn.\n',
      html: '<p>Văn bản đã quá hạn.</p>',
    });
  });

  after(async function () {
    await service?.stop();
  });

  it('lists e-mails for administrators', async function () {
    // given the administrator of the first agency
    const authorization = await service.bearer('snv.huybq');

    // when the outbox is listed
    const response = await service.api().get('/api/outbox').set('Authorization', authorization);

    // then the e-mail appears with its recipient and decoded subject, without bodies
    expect(response.status).to.equal(200);
    expect(response.body.items).to.have.length(1);
    const [item] = response.body.items;
    expect(item.to).to.deep.equal(['lanpt@snv.hoabinh.example.vn']);
    expect(item.subject).to.equal('[Cảnh báo cấp 1] 15/UBND-VP quá hạn 2 giờ làm việc');
    expect(item).not.to.have.property('text');
  });

  it('returns one e-mail with its bodies', async function () {
    const authorization = await service.bearer('snv.huybq');
    const list = await service.api().get('/api/outbox').set('Authorization', authorization);
    const file = list.body.items[0].file as string;

    const response = await service
      .api()
      .get(`/api/outbox/${file}`)
      .set('Authorization', authorization);

    expect(response.status).to.equal(200);
    expect(response.body.text).to.contain('Văn bản đã quá hạn.');
    expect(response.body.html).to.contain('<p>Văn bản đã quá hạn.</p>');
  });

  it('rejects other roles', async function () {
    // given a specialist
    const authorization = await service.bearer('snv.anhdtn');

    // when the outbox is listed, then access is forbidden
    const response = await service.api().get('/api/outbox').set('Authorization', authorization);
    expect(response.status).to.equal(403);
  });

  it('rejects a path outside the outbox', async function () {
    const authorization = await service.bearer('snv.huybq');
    const response = await service
      .api()
      .get('/api/outbox/..%2Fjwt-secret')
      .set('Authorization', authorization);
    expect(response.status).to.equal(400);
    expect(response.body.detail ?? response.body.title).to.be.a('string');
  });

  it('rejects a bad limit', async function () {
    const authorization = await service.bearer('snv.huybq');
    const response = await service
      .api()
      .get('/api/outbox?limit=0')
      .set('Authorization', authorization);
    expect(response.status).to.equal(400);
  });

  it('requires a login', async function () {
    const response = await service.api().get('/api/outbox');
    expect(response.status).to.equal(401);
  });
});
