import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { selectedDatabaseKinds } from '../support/databases.js';

const run = promisify(execFile);
const repositoryDir = resolve(import.meta.dirname, '../../..');

/** The summary object that `npm run demo:escalation` prints as its last line. */
interface EscalationSummary {
  processInstanceKey: string;
  taskKey: string;
  emails: Array<{ to: string[]; subject: string; at: string }>;
}

describe('npm run demo:escalation', function () {
  before(function () {
    // The script starts its own service on SQLite; a MySQL-only run skips it.
    if (!selectedDatabaseKinds().includes('sqlite')) this.skip();
  });

  it('prints a reminder and two escalations', async function () {
    this.timeout(180_000);
    // when the script runs with its own service and SMTP server
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'scripts/demo-escalation.ts'],
      { cwd: repositoryDir, env: { ...process.env }, timeout: 170_000 },
    );

    // then the last line is a summary with the three e-mails in order
    const lines = stdout.trim().split('\n');
    const summary = JSON.parse(lines.at(-1)!) as EscalationSummary;
    expect(summary.processInstanceKey).to.match(/^\d+$/);
    expect(summary.emails.map((email) => email.to)).to.deep.equal([
      ['namdv@snv.hoabinh.example.vn'],
      ['lanpt@snv.hoabinh.example.vn'],
      ['hungnv@snv.hoabinh.example.vn'],
    ]);
    expect(summary.emails[0]!.subject).to.match(/^Nhắc việc: /);
    expect(summary.emails[1]!.subject).to.match(/^\[Cảnh báo cấp 1\] /);
    expect(summary.emails[2]!.subject).to.match(/^\[Cảnh báo cấp 2\] /);
    for (const email of summary.emails) {
      expect(
        lines.some((line) => line.includes(email.subject)),
        email.subject,
      ).to.equal(true);
    }
  });
});
