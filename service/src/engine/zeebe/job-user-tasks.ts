import type { Zeebe } from '@camunda8/sdk';

import type { UserTask, UserTaskFilter, UserTaskUpdate, Variables } from '../port.js';
import { callZeebe } from './zeebe-errors.js';
import { requireVariables } from './zeebe-jobs.js';
import {
  applyUpdate,
  jobToUserTask,
  toJob,
  USER_TASK_JOB_TYPE,
  type SdkActivatedJob,
} from './zeebe-mappers.js';

const ACTIVATION_BATCH = 100;

/**
 * Job-based user tasks that this service keeps activated. Zeebe offers each such task as an
 * `io.camunda.zeebe:userTask` job whose custom headers carry the assignment and schedule. The
 * task stays open until this service completes the job.
 *
 * NOTE: Zeebe cannot change a job's headers, so an assignment or update of a job-based task is
 * kept in this process only. It is lost on restart and other service processes do not see it.
 */
export class JobUserTasks {
  private readonly tasks = new Map<string, UserTask>();

  constructor(
    private readonly grpc: Zeebe.ZeebeGrpcClient,
    private readonly options: { worker: string; jobTimeoutMs: number },
    private readonly onCreated: (task: UserTask) => void,
  ) {}

  /** Activates every waiting user task job; jobs seen before keep their local changes. */
  async refresh(): Promise<void> {
    for (;;) {
      const jobs = await callZeebe({ operation: 'listUserTasks' }, () =>
        this.grpc.activateJobs({
          type: USER_TASK_JOB_TYPE,
          worker: this.options.worker,
          timeout: this.options.jobTimeoutMs,
          maxJobsToActivate: ACTIVATION_BATCH,
          requestTimeout: -1,
        }),
      );
      for (const job of jobs) this.remember(job as unknown as SdkActivatedJob);
      if (jobs.length < ACTIVATION_BATCH) return;
    }
  }

  private remember(activated: SdkActivatedJob): void {
    const key = String(activated.key);
    if (this.tasks.has(key)) return;
    const task = jobToUserTask(toJob(activated), new Date());
    this.tasks.set(key, task);
    this.onCreated(task);
  }

  get(key: string): UserTask | undefined {
    return this.tasks.get(key);
  }

  list(filter: UserTaskFilter): UserTask[] {
    if (filter.state && filter.state !== 'CREATED') return [];
    return [...this.tasks.values()].filter((task) => matches(task, filter));
  }

  assign(key: string, assignee: string | null): UserTask {
    const task = { ...this.require(key), assignee: assignee ?? undefined };
    this.tasks.set(key, task);
    return task;
  }

  update(key: string, update: UserTaskUpdate): UserTask {
    const task = applyUpdate(this.require(key), update);
    this.tasks.set(key, task);
    return task;
  }

  /** Completes the job, which completes the task in the process instance. */
  async complete(key: string, variables: Variables): Promise<void> {
    this.require(key);
    await callZeebe({ operation: 'completeUserTask', details: { userTaskKey: key } }, () =>
      this.grpc.completeJob({ jobKey: key, variables: requireVariables(variables) }),
    );
    this.tasks.delete(key);
  }

  private require(key: string): UserTask {
    const task = this.tasks.get(key);
    if (!task) throw new Error(`Job-based user task ${key} is not activated by this service`);
    return task;
  }
}

function matches(task: UserTask, filter: UserTaskFilter): boolean {
  if (filter.assignee && task.assignee !== filter.assignee) return false;
  if (filter.candidateGroup && !task.candidateGroups.includes(filter.candidateGroup)) return false;
  if (filter.candidateUser && !task.candidateUsers.includes(filter.candidateUser)) return false;
  if (filter.processInstanceKey && task.processInstanceKey !== filter.processInstanceKey) {
    return false;
  }
  if (filter.bpmnProcessId && task.bpmnProcessId !== filter.bpmnProcessId) return false;
  if (filter.elementId && task.elementId !== filter.elementId) return false;
  return true;
}
