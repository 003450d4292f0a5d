import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { buildDeadlineSettings, loadDeadlineSettings } from '../../src/calendar/index.js';
import { loadConfig } from '../../src/config/index.js';
import type { Job } from '../../src/engine/index.js';
import { ValidationError } from '../../src/errors/index.js';
import { computeRouteDeadlines } from '../../src/workers/index.js';

function jobWith(variables: Record<string, unknown>): Job {
  return {
    key: '1',
    type: 'deadline.compute',
    processInstanceKey: '2',
    processDefinitionKey: '3',
    bpmnProcessId: 'outgoing-document',
    processDefinitionVersion: 1,
    elementId: 'compute-deadlines',
    elementInstanceKey: '4',
    customHeaders: {},
    variables,
    retries: 3,
    worker: 'test',
    deadline: new Date(0),
  };
}

describe('deadline settings', function () {
  let folder: string;

  beforeEach(function () {
    folder = mkdtempSync(join(tmpdir(), 'docroute-deadlines-'));
  });

  afterEach(function () {
    rmSync(folder, { recursive: true, force: true });
  });

  function writeFile(content: unknown): string {
    const file = join(folder, 'deadlines.json');
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  }

  it('file sets steps, calendar and escalation', function () {
    // given a file with review in 3 working days, an extra day off and a 2-hour escalation
    const file = writeFile({
      stepWorkingDays: { review: 3 },
      calendar: { extraDaysOff: ['2026-03-03'] },
      escalation: { interval: 'PT2H', maxLevels: 4 },
    });

    // when it is loaded
    const settings = loadDeadlineSettings(file);

    // then each part is applied
    expect(settings.calendar.isWorkingDay('2026-03-03')).to.equal(false);
    const deadline = settings.policy.computeDeadline({
      urgency: 0,
      documentType: 'CV',
      receivedAt: '2026-03-02T08:00:00+07:00',
      step: 'review',
    });
    expect(deadline.dueDate).to.equal('2026-03-06T16:30:00+07:00');
    expect(settings.escalation).to.deep.equal({
      interval: 'PT2H',
      maxLevels: 4,
      workingDaysOnly: true,
    });
  });

  it('invalid file names every problem', function () {
    // given a file with three invalid keys
    const file = writeFile({
      stepWorkingDays: { review: -1 },
      escalation: { interval: '2 hours' },
      colour: 'blue',
    });

    // when it is loaded
    let error: unknown;
    try {
      loadDeadlineSettings(file);
    } catch (caught) {
      error = caught;
    }

    // then one ValidationError lists each key
    expect(error).to.be.instanceOf(ValidationError);
    const message = (error as Error).message;
    expect(message).to.contain('stepWorkingDays.review');
    expect(message).to.contain('escalation.interval');
    expect(message).to.contain('colour');
  });

  it('malformed JSON is rejected', function () {
    const file = writeFile('{ "stepWorkingDays": ');
    expect(() => loadDeadlineSettings(file)).to.throw(ValidationError, /could not be read as JSON/);
  });

  it('bad office hours are rejected', function () {
    const file = writeFile({ calendar: { officeHours: [{ start: '13:00', end: '08:00' }] } });
    expect(() => loadDeadlineSettings(file)).to.throw(ValidationError, /officeHours/);
  });

  it('config checks the file exists', function () {
    // given a deadlines file path that does not exist
    const env = { DOCROUTE_DEADLINES_FILE: join(folder, 'missing.json') };

    // when the configuration is loaded, then the key is reported
    expect(() => loadConfig(env, folder)).to.throw(/DOCROUTE_DEADLINES_FILE/);
  });

  it('fixed steps last seconds', function () {
    // given 20-second steps with a reminder 5 seconds before each due instant
    const settings = buildDeadlineSettings({ fixedStep: { stepSeconds: 20, reminderSeconds: 5 } });
    const now = new Date('2026-03-07T10:00:00+07:00');

    // when the outgoing route's deadlines are computed on a Saturday
    const variables = computeRouteDeadlines(settings, jobWith({}), now);

    // then the steps chain every 20 seconds whatever the calendar
    expect(variables.draftDueDate).to.equal('2026-03-07T10:00:20+07:00');
    expect(variables.reviewDueDate).to.equal('2026-03-07T10:00:40+07:00');
    expect(variables.reviewReminderAt).to.equal('2026-03-07T10:00:35+07:00');
    expect(settings.escalation.workingDaysOnly).to.equal(false);
  });

  it('reminders precede each due date', function () {
    // given the default settings and a document received on a Monday morning
    const settings = buildDeadlineSettings();
    const job = jobWith({ receivedAt: '2026-03-02T08:00:00+07:00' });

    // when the deadlines are computed
    const variables = computeRouteDeadlines(settings, job, new Date());

    // then every due date has a reminder before it
    for (const name of ['draft', 'review', 'approval', 'sign', 'issue']) {
      const due = new Date(variables[`${name}DueDate`]!).getTime();
      const reminder = new Date(variables[`${name}ReminderAt`]!).getTime();
      expect(reminder, name).to.be.lessThan(due);
    }
  });

  it('fixed step needs a shorter reminder', function () {
    const file = writeFile({ fixedStep: { stepSeconds: 10, reminderSeconds: 10 } });
    expect(() => loadDeadlineSettings(file)).to.throw(ValidationError, /reminderSeconds/);
  });
});
