import { expect } from 'chai';
import { WorkingCalendar } from '../../src/calendar/index.js';
import { ValidationError } from '../../src/errors/index.js';
import { describeLateness, MailTemplates } from '../../src/mail/index.js';

const calendar = new WorkingCalendar();
const templates = new MailTemplates({ baseUrl: 'https://docroute.example.gov.vn', calendar });

const task = {
  taskId: 'task/7',
  documentNumber: '125/QĐ-UBND',
  documentSubject: 'Kế hoạch "A" & <B>',
  holderName: 'Trần Văn Minh',
  dueAt: new Date('2026-03-13T16:30:00+07:00'),
};

describe('MailTemplates', function () {
  it('escalation counts working days late', function () {
    // given a task due Friday 16:30, measured Wednesday 16:30: Monday to Wednesday
    const now = new Date('2026-03-18T16:30:00+07:00');

    // when
    const vi = templates.escalation(2, task, now, 'vi');
    const en = templates.escalation(2, task, now, 'en');

    // then
    expect(vi.subject).to.equal('[Cảnh báo cấp 2] 125/QĐ-UBND quá hạn 3 ngày làm việc');
    expect(en.subject).to.equal('[Escalation level 2] 125/QĐ-UBND 3 working days overdue');
    expect(vi.text).to.contain('Hạn xử lý: 13/03/2026 16:30');
    expect(en.text).to.contain('Due: 13/03/2026 16:30');
  });

  it('escalation counts hours across a weekend', function () {
    // given Monday 10:00 after a Friday 16:30 due: 2.5 office hours
    const now = new Date('2026-03-16T10:00:00+07:00');

    // when
    const mail = templates.escalation(1, task, now, 'vi');

    // then
    expect(mail.subject).to.equal('[Cảnh báo cấp 1] 125/QĐ-UBND quá hạn 2 giờ làm việc');
  });

  it('escapes HTML and encodes the link', function () {
    // given a subject with markup characters
    // when
    const mail = templates.reminder(task, 'vi');

    // then
    expect(mail.html).to.contain('Kế hoạch &quot;A&quot; &amp; &lt;B&gt;');
    expect(mail.html).not.to.contain('<B>');
    expect(mail.html).to.contain(
      'href="https://docroute.example.gov.vn/tasklist/#/tasks/task%2F7"',
    );
    expect(mail.text).to.contain('Kế hoạch "A" & <B>');
  });

  it('summarises overdue tasks', function () {
    // given two overdue tasks
    const other = { ...task, taskId: 'task-8', documentNumber: '09/CV-VP' };
    const now = new Date('2026-03-17T16:30:00+07:00');

    // when
    const vi = templates.overdueSummary('Lê Thu', [task, other], now, 'vi');
    const en = templates.overdueSummary('Lê Thu', [task], now, 'en');

    // then
    expect(vi.subject).to.equal('Tổng hợp văn bản quá hạn: 2 văn bản');
    expect(vi.text).to.contain('09/CV-VP');
    expect(vi.text).to.contain('quá hạn 2 ngày làm việc');
    expect(vi.html).to.contain('https://docroute.example.gov.vn/tasklist/#/tasks/task-8');
    expect(en.subject).to.equal('Overdue summary: 1 document');
  });

  it('describes lateness units', function () {
    // given a 7.5-hour office day
    const day = 7.5 * 3_600_000;

    // when / then
    expect(describeLateness(day, day, 'vi')).to.equal('quá hạn 1 ngày làm việc');
    expect(describeLateness(day, day, 'en')).to.equal('1 working day overdue');
    expect(describeLateness(3 * 3_600_000, day, 'en')).to.equal('3 working hours overdue');
    expect(describeLateness(25 * 60_000, day, 'vi')).to.equal('quá hạn 25 phút làm việc');
    expect(describeLateness(30_000, day, 'vi')).to.equal('đã đến hạn');
    expect(describeLateness(0, day, 'en')).to.equal('due now');
  });

  it('elapsed lateness ignores office hours', function () {
    // given templates measuring wall-clock lateness, and a task due Saturday 10:00
    const elapsed = new MailTemplates({
      baseUrl: 'https://docroute.example.gov.vn',
      calendar,
      elapsedLateness: true,
    });
    const saturdayTask = { ...task, dueAt: new Date('2026-03-14T10:00:00+07:00') };

    // when it is measured two hours later, on the same Saturday
    const vi = elapsed.escalation(1, saturdayTask, new Date('2026-03-14T12:00:00+07:00'), 'vi');
    const en = elapsed.escalation(1, saturdayTask, new Date('2026-03-15T12:00:00+07:00'), 'en');

    // then the hours count although no office was open
    expect(vi.subject).to.equal('[Cảnh báo cấp 1] 125/QĐ-UBND quá hạn 2 giờ');
    expect(en.subject).to.equal('[Escalation level 1] 125/QĐ-UBND 1 day overdue');
  });

  it('rejects a base URL without scheme', function () {
    // given / when / then
    expect(() => new MailTemplates({ baseUrl: 'docroute.example.gov.vn', calendar })).to.throw(
      ValidationError,
      /baseUrl/,
    );
  });
});
