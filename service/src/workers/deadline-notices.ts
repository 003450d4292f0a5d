import type { DataSource, EntityManager } from 'typeorm';
import { runWriteTransaction } from '../db/write-transaction.js';

/** The user task that a notice is about. */
export interface NoticeTask {
  key: string;
  processInstanceKey: string;
  elementInstanceKey: string;
}

/**
 * Records which reminder or escalation level each `deadline.escalate` job handles for each user
 * task, in the `deadline_notices` table. A job takes the next level once, and a retry or a
 * redelivery of the same job reads back the level it took the first time.
 */
export class DeadlineNotices {
  constructor(
    private readonly dataSource: DataSource,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Returns the level that `jobKey` handles for `task`: 0 for the reminder, 1 and up otherwise. */
  claimLevel(jobKey: string, task: NoticeTask, reminder: boolean): Promise<number> {
    return runWriteTransaction(this.dataSource, async (manager) => {
      const known = await this.levelOfJob(manager, jobKey, task.elementInstanceKey);
      if (known !== undefined) return known;
      // The reminder timer fires once per task, so level 0 recorded by another job is the same
      // reminder and is sent under the same idempotency key.
      if (reminder && (await this.hasLevel(manager, task, 0))) return 0;
      const level = reminder ? 0 : (await this.highestLevel(manager, task)) + 1;
      await manager.query(
        'INSERT INTO deadline_notices (element_instance_key, level, process_instance_key, ' +
          'task_key, job_key, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        [
          task.elementInstanceKey,
          level,
          task.processInstanceKey,
          task.key,
          jobKey,
          this.now().toISOString().replace('T', ' ').replace('Z', ''),
        ],
      );
      return level;
    });
  }

  /**
   * Appends one `reminded` (level 0) or `escalated` event per recipient to the task's event
   * history in `task_events`, with the recipient as the target.
   */
  async recordSent(
    task: NoticeTask & { documentId?: string },
    level: number,
    recipientIds: string[],
  ): Promise<void> {
    const at = this.now().toISOString().replace('T', ' ').replace('Z', '');
    const kind = level === 0 ? 'reminded' : 'escalated';
    const comment = level === 0 ? null : `level ${level}`;
    await runWriteTransaction(this.dataSource, async (manager) => {
      for (const recipientId of recipientIds) {
        await manager.query(
          'INSERT INTO task_events (task_key, document_id, process_instance_key, kind, ' +
            'actor_id, target_id, comment, at) VALUES (?, ?, ?, ?, NULL, ?, ?, ?)',
          [
            task.key,
            task.documentId ?? null,
            task.processInstanceKey,
            kind,
            recipientId,
            comment,
            at,
          ],
        );
      }
    });
  }

  private async levelOfJob(
    manager: EntityManager,
    jobKey: string,
    elementInstanceKey: string,
  ): Promise<number | undefined> {
    const rows: { level: number | string }[] = await manager.query(
      'SELECT level FROM deadline_notices WHERE job_key = ? AND element_instance_key = ?',
      [jobKey, elementInstanceKey],
    );
    return rows[0] === undefined ? undefined : Number(rows[0].level);
  }

  /** Returns the highest escalation level recorded for `task`, 0 when there is none. */
  private async highestLevel(manager: EntityManager, task: NoticeTask): Promise<number> {
    // FOR UPDATE keeps two jobs of one task on MySQL from both taking the same next level.
    const lock = this.dataSource.options.type === 'better-sqlite3' ? '' : ' FOR UPDATE';
    const rows: { level: number | string }[] = await manager.query(
      'SELECT level FROM deadline_notices WHERE element_instance_key = ? ORDER BY level DESC ' +
        `LIMIT 1${lock}`,
      [task.elementInstanceKey],
    );
    return rows[0] === undefined ? 0 : Number(rows[0].level);
  }

  private async hasLevel(
    manager: EntityManager,
    task: NoticeTask,
    level: number,
  ): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      'SELECT 1 AS found FROM deadline_notices WHERE element_instance_key = ? AND level = ?',
      [task.elementInstanceKey, level],
    );
    return rows.length > 0;
  }
}
