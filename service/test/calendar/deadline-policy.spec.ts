import { expect } from 'chai';
import { DeadlinePolicy, WorkingCalendar, type DeadlineRequest } from '../../src/calendar/index.js';
import { ValidationError } from '../../src/errors/index.js';

describe('DeadlinePolicy', function () {
  const calendar = new WorkingCalendar();
  const policy = new DeadlinePolicy(calendar);

  const table: Array<{ label: string; request: DeadlineRequest; dueDate: string; basis: string }> =
    [
      {
        label: 'Friday afternoon, two working days',
        request: {
          urgency: 0,
          documentType: 'CV',
          receivedAt: '2026-03-13T15:00:00+07:00',
          step: 'review',
        },
        dueDate: '2026-03-17T16:30:00+07:00',
        basis: 'step',
      },
      {
        label: 'across Tết 2026',
        request: {
          urgency: 0,
          documentType: 'CV',
          receivedAt: '2026-02-12T10:00:00+07:00',
          step: 'review',
        },
        dueDate: '2026-02-23T16:30:00+07:00',
        basis: 'step',
      },
      {
        label: 'onto a make-up Saturday',
        request: {
          urgency: 0,
          documentType: 'CV',
          receivedAt: '2026-08-21T09:00:00+07:00',
          step: 'approve',
        },
        dueDate: '2026-08-22T16:30:00+07:00',
        basis: 'step',
      },
      {
        label: 'Hỏa tốc at 16:55',
        request: {
          urgency: 3,
          documentType: 'CV',
          receivedAt: '2026-03-13T16:55:00+07:00',
          step: 'sign',
        },
        dueDate: '2026-03-16T09:30:00+07:00',
        basis: 'urgency',
      },
      {
        label: 'Thượng khẩn over lunch',
        request: {
          urgency: 2,
          documentType: 'CV',
          receivedAt: '2026-03-17T10:00:00+07:00',
          step: 'handle',
        },
        dueDate: '2026-03-17T15:30:00+07:00',
        basis: 'urgency',
      },
      {
        label: 'Khẩn shortens handling to a day',
        request: {
          urgency: 1,
          documentType: 'CV',
          receivedAt: '2026-03-16T08:00:00+07:00',
          step: 'handle',
        },
        dueDate: '2026-03-17T16:30:00+07:00',
        basis: 'urgency',
      },
      {
        label: 'leader deadline earlier than policy',
        request: {
          urgency: 0,
          documentType: 'CV',
          receivedAt: '2026-03-16T08:00:00+07:00',
          leaderDeadline: '2026-03-20T11:00:00+07:00',
          step: 'handle',
        },
        dueDate: '2026-03-20T11:00:00+07:00',
        basis: 'leader',
      },
      {
        label: 'leader deadline later than policy',
        request: {
          urgency: 0,
          documentType: 'CV',
          receivedAt: '2026-03-16T08:00:00+07:00',
          leaderDeadline: '2026-04-10T11:00:00+07:00',
          step: 'handle',
        },
        dueDate: '2026-03-30T16:30:00+07:00',
        basis: 'step',
      },
    ];

  for (const row of table) {
    it(row.label, function () {
      // given the default policy and calendar
      // when
      const deadline = policy.computeDeadline(row.request);

      // then
      expect(deadline.dueDate).to.equal(row.dueDate);
      expect(deadline.basis).to.equal(row.basis);
    });
  }

  it('reminds after three quarters of the office time', function () {
    // given Friday 15:00 to Tuesday 16:30, 16.5 office hours, so the reminder comes 12h22m30s in
    const request: DeadlineRequest = {
      urgency: 0,
      documentType: 'CV',
      receivedAt: '2026-03-13T15:00:00+07:00',
      step: 'review',
    };

    // when
    const deadline = policy.computeDeadline(request);

    // then
    expect(deadline.reminderAt).to.equal('2026-03-17T10:52:30+07:00');
  });

  it('reminds a lead time before due', function () {
    // given a policy reminding two office hours before due
    const leadPolicy = new DeadlinePolicy(calendar, { reminder: { leadWorkingHours: 2 } });

    // when
    const deadline = leadPolicy.computeDeadline({
      urgency: 0,
      documentType: 'CV',
      receivedAt: '2026-03-13T15:00:00+07:00',
      step: 'review',
    });

    // then
    expect(deadline.reminderAt).to.equal('2026-03-17T14:30:00+07:00');
  });

  it('escalates at due and after office hours', function () {
    // given the default escalation after 0, 8 and 16 office hours
    // when
    const deadline = policy.computeDeadline({
      urgency: 0,
      documentType: 'CV',
      receivedAt: '2026-03-13T15:00:00+07:00',
      step: 'review',
    });

    // then
    expect(deadline.escalations).to.deep.equal([
      { level: 1, at: '2026-03-17T16:30:00+07:00' },
      { level: 2, at: '2026-03-19T08:00:00+07:00' },
      { level: 3, at: '2026-03-20T08:30:00+07:00' },
    ]);
  });

  it('lets a leader deadline always win when configured', function () {
    // given a policy where the leader's deadline always applies
    const leaderPolicy = new DeadlinePolicy(calendar, { leaderDeadline: 'always' });

    // when
    const deadline = leaderPolicy.computeDeadline({
      urgency: 3,
      documentType: 'CV',
      receivedAt: '2026-03-16T08:00:00+07:00',
      leaderDeadline: '2026-04-10T11:00:00+07:00',
      step: 'handle',
    });

    // then
    expect(deadline.dueDate).to.equal('2026-04-10T11:00:00+07:00');
    expect(deadline.basis).to.equal('leader');
  });

  it('applies document type overrides', function () {
    // given decisions (QĐ) that allow five days of review
    const typed = new DeadlinePolicy(calendar, { documentTypeWorkingDays: { QĐ: { review: 5 } } });

    // when
    const decision = typed.computeDeadline({
      urgency: 0,
      documentType: 'QĐ',
      receivedAt: '2026-03-16T08:00:00+07:00',
      step: 'review',
    });

    // then
    expect(decision.dueDate).to.equal('2026-03-23T16:30:00+07:00');
  });

  it('rejects invalid policy options', function () {
    // given / when / then
    expect(() => new DeadlinePolicy(calendar, { stepWorkingDays: { review: 1.5 } })).to.throw(
      ValidationError,
      /stepWorkingDays.review must be a whole number of days/,
    );
    expect(() => new DeadlinePolicy(calendar, { urgency: { 3: { workingHours: -2 } } })).to.throw(
      /urgency.3 must be/,
    );
    expect(() => new DeadlinePolicy(calendar, { reminder: { elapsedFraction: 1.5 } })).to.throw(
      /reminder must be/,
    );
    expect(
      () => new DeadlinePolicy(calendar, { documentTypeWorkingDays: { QĐ: { sign: -1 } } }),
    ).to.throw(/documentTypeWorkingDays.QĐ.sign/);
  });

  it('rejects bad requests', function () {
    // given requests with one bad field each
    const base: DeadlineRequest = {
      urgency: 0,
      documentType: 'CV',
      receivedAt: '2026-03-16T08:00:00+07:00',
      step: 'review',
    };

    // when / then
    expect(() => policy.computeDeadline({ ...base, urgency: 7 })).to.throw(
      ValidationError,
      /urgency/,
    );
    expect(() => policy.computeDeadline({ ...base, step: 'file' as never })).to.throw(/step/);
    expect(() => policy.computeDeadline({ ...base, receivedAt: '2026-03-16T08:00' })).to.throw(
      /receivedAt must be an ISO 8601 instant with an offset/,
    );
    expect(() =>
      policy.computeDeadline({ ...base, leaderDeadline: '2026-03-15T08:00:00+07:00' }),
    ).to.throw(/leaderDeadline must be later than receivedAt/);
  });
});
