import { expect } from 'chai';
import { ValidationError } from '../../../src/errors/index.js';
import { describeEachDatabase } from '../../support/databases.js';
import { fixtureText, rejectionOf, useHarness } from './harness.js';

describeEachDatabase('conformance: variables and FEEL', (database) => {
  const harness = useHarness(database);

  before(async function () {
    await harness().deploy('feel-mappings', 'vietnamese');
  });

  it('FEEL date and duration mappings', async function () {
    // given input mappings doing date and duration arithmetic on receivedOn
    await harness().start('feel-mappings', { receivedOn: '2026-12-04' });

    // when the task's job is activated
    const job = await harness().activateOne('feel-mappings.plan');

    // then the mapped values are a date string, a day count, a boolean and null for a missing one
    expect(job.variables).to.include({
      dueOn: '2026-12-14',
      daysLeft: 27,
      dueAfterTenth: true,
      missingCopy: null,
    });
  });

  it('output mapping sets the process variable', async function () {
    // given an output mapping of dueOn to deadline
    const key = await harness().start('feel-mappings', { receivedOn: '2026-02-20' });

    // when the task completes
    await harness().completeOne('feel-mappings.plan');

    // then deadline is on the process, and the task's inputs are not
    const instance = await harness().engine.getInstance(key);
    expect(instance.variables).to.include({ deadline: '2026-03-02' });
    expect(instance.variables).not.to.have.property('dueOn');
  });

  it('Vietnamese survives every round trip', async function () {
    // given a process whose name, task names, FEEL strings and variable names are Vietnamese
    const [deployed] = (await harness().deploy('vietnamese')).processes;
    const input = {
      tờTrình: 'Tờ trình số 15',
      ngườiKý: 'Phạm Thị Dung',
      'ghi chú': 'Văn thư đăng ký',
    };

    // when the XML is downloaded, an instance runs, and its user task is completed
    const xml = await harness().engine.getDefinitionXml(deployed!.processDefinitionKey);
    const key = await harness().start('vietnamese', input);
    const [task] = await harness().openUserTasks(key);
    await harness().engine.completeUserTask(task!.key, { kếtQuả: 'Đã đăng ký' });

    // then the XML is byte-equal, names and values come back unchanged, and FEEL joined them
    expect(
      Buffer.from(xml, 'utf8').equals(Buffer.from(fixtureText('vietnamese'), 'utf8')),
    ).to.equal(true);
    const [definition] = await harness().engine.listDefinitions({ bpmnProcessId: 'vietnamese' });
    expect(definition!.name).to.equal('Phê duyệt Tờ trình số 15');
    expect(task!.name).to.equal('Văn thư đăng ký');
    const instance = await harness().engine.getInstance(key);
    expect(instance.variables).to.deep.equal({
      ...input,
      kếtQuả: 'Đã đăng ký',
      tiêuĐề: 'Phê duyệt Tờ trình số 15 – người ký: Phạm Thị Dung',
    });
  });

  it('large variable round trip', async function () {
    // given a 480 KB text, above the 64 KB of a MySQL TEXT column and below the 1 MiB default limit
    const minutes = 'Biên bản họp: Tờ trình số 15. '.repeat(12_000);

    // when an instance is created with it and read back
    const key = await harness().start('vietnamese', { tờTrình: 'a', ngườiKý: 'b', minutes });

    // then the value comes back unchanged
    const instance = await harness().engine.getInstance(key);
    expect(instance.variables.minutes).to.equal(minutes);
  });

  it('setVariables on the process', async function () {
    // given a waiting instance
    const key = await harness().start('vietnamese', { tờTrình: 'a', ngườiKý: 'b' });

    // when variables are set on its process scope
    await harness().engine.setVariables(key, { độKhẩn: 'Hỏa tốc', tờTrình: 'Tờ trình số 16' });

    // then they are stored, replacing the earlier value
    const instance = await harness().engine.getInstance(key);
    expect(instance.variables).to.include({ độKhẩn: 'Hỏa tốc', tờTrình: 'Tờ trình số 16' });
  });
});

describeEachDatabase('conformance: variable size limit', (database) => {
  const limit = 16 * 1024;
  const harness = useHarness(database, { maxVariableBytes: limit });

  before(async function () {
    await harness().deploy('job-tasks');
  });

  it('oversized instance variables rejected', async function () {
    // given a limit of 16 KiB

    // when an instance is created with a 20 KiB string
    const error = await rejectionOf(
      harness().engine.createInstance({
        bpmnProcessId: 'job-tasks',
        variables: { scan: 'x'.repeat(20 * 1024) },
      }),
    );

    // then the request is rejected with an error naming the limit, and no job was created
    expect(error).to.be.instanceOf(ValidationError);
    expect((error as Error).message).to.contain(String(limit));
    expect(await harness().activate('job-tasks.store')).to.have.length(0);
  });

  it('oversized job completion rejected', async function () {
    // given an activated job
    const key = await harness().start('job-tasks', { number: 1 });
    const job = await harness().activateOne('job-tasks.store');

    // when it is completed with a payload over the limit
    const error = await rejectionOf(
      harness().engine.completeJob({
        jobKey: job.key,
        activation: job.activation,
        variables: { scan: 'ệ'.repeat(8 * 1024) },
      }),
    );

    // then the completion is rejected, the instance still waits, and a small completion succeeds
    expect(error).to.be.instanceOf(ValidationError);
    const instance = await harness().engine.getInstance(key);
    expect(instance.activeElements.map((element) => element.elementId)).to.deep.equal(['store']);
    await harness().engine.completeJob({ jobKey: job.key, activation: job.activation });
    expect((await harness().engine.getInstance(key)).activeElements[0]!.elementId).to.equal('send');
  });
});
