import { expect } from 'chai';
import { ConflictError } from '../../../src/errors/index.js';
import { describeEachDatabase } from '../../support/databases.js';
import { rejectionOf, useHarness } from './harness.js';

describeEachDatabase('conformance: messages', (database) => {
  const harness = useHarness(database);

  before(async function () {
    await harness().deploy('message-catch', 'message-catch-twice', 'receive-task');
  });

  function publishSigned(correlationKey: string, extra: { messageId?: string; ttl?: number } = {}) {
    return harness().engine.publishMessage({
      name: 'document-signed',
      correlationKey,
      timeToLiveMs: extra.ttl ?? 60_000,
      messageId: extra.messageId,
      variables: { signedBy: `signer of ${correlationKey}` },
    });
  }

  it('buffered message correlates within TTL', async function () {
    // given a message published with a one-minute TTL before anything waits for it
    await publishSigned('msg-ttl-1', { ttl: 60_000 });

    // when an instance subscribes 59 seconds later
    await harness().advance(59_000);
    const key = await harness().start('message-catch', { documentId: 'msg-ttl-1' });

    // then the buffered message correlates at once
    const job = await harness().activateOne('message-catch.register');
    expect(job.processInstanceKey).to.equal(key);
    expect(job.variables).to.include({ signedBy: 'signer of msg-ttl-1' });
  });

  it('expired message does not correlate', async function () {
    // given a message published with a one-minute TTL
    await publishSigned('msg-ttl-2', { ttl: 60_000 });

    // when an instance subscribes after the TTL has passed
    await harness().advance(60_001);
    const key = await harness().start('message-catch', { documentId: 'msg-ttl-2' });

    // then the instance keeps waiting
    expect(await harness().activate('message-catch.register')).to.have.length(0);
    const instance = await harness().engine.getInstance(key);
    expect(instance.activeElements.map((element) => element.elementId)).to.deep.equal(['signed']);
  });

  it('zero TTL is not buffered', async function () {
    // given a message published with TTL 0 while nothing waits
    await publishSigned('msg-ttl-3', { ttl: 0 });

    // when an instance subscribes right after
    await harness().start('message-catch', { documentId: 'msg-ttl-3' });

    // then it does not receive the message
    expect(await harness().activate('message-catch.register')).to.have.length(0);
  });

  it('duplicate message id rejected', async function () {
    // given a buffered message with id signed-dup-1
    await publishSigned('msg-dup', { messageId: 'signed-dup-1' });

    // when another message with the same id is published
    const error = await rejectionOf(publishSigned('msg-dup', { messageId: 'signed-dup-1' }));

    // then it is rejected as a conflict naming the id
    expect(error).to.be.instanceOf(ConflictError);
    expect((error as Error).message).to.contain('signed-dup-1');
  });

  it('one message correlates once per instance', async function () {
    // given an instance that waits twice in a row for the same message and key
    const key = await harness().start('message-catch-twice', { documentId: 'msg-twice' });

    // when one message with a long TTL is published
    await publishSigned('msg-twice', { ttl: 60 * 60_000 });

    // then only the first catch event took it, and the second one still waits
    const instance = await harness().engine.getInstance(key);
    expect(instance.activeElements.map((element) => element.elementId)).to.deep.equal([
      'signed-again',
    ]);

    // when a second message is published, then the second catch event takes it
    await publishSigned('msg-twice');
    expect((await harness().engine.getInstance(key)).state).to.equal('COMPLETED');
  });

  it('message reaches each waiting instance', async function () {
    // given two instances of different processes waiting for the same message and key
    const catcher = await harness().start('message-catch', { documentId: 'msg-once' });
    const receiver = await harness().start('receive-task', { documentId: 'msg-once' });

    // when one message is published
    await publishSigned('msg-once');

    // then both instances received it
    const job = await harness().activateOne('message-catch.register');
    expect(job.processInstanceKey).to.equal(catcher);
    expect((await harness().engine.getInstance(receiver)).state).to.equal('COMPLETED');
  });

  it('buffered message reaches later instances', async function () {
    // given a buffered message and an instance that correlates it
    await publishSigned('msg-reuse', { ttl: 10 * 60_000 });
    const first = await harness().start('message-catch', { documentId: 'msg-reuse' });
    await harness().completeOne('message-catch.register');
    expect((await harness().engine.getInstance(first)).state).to.equal('COMPLETED');

    // when a second instance subscribes within the TTL
    const second = await harness().start('message-catch', { documentId: 'msg-reuse' });

    // then the same buffered message correlates to it as well
    const job = await harness().activateOne('message-catch.register');
    expect(job.processInstanceKey).to.equal(second);
  });
});
