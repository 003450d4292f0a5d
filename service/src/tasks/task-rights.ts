import { principalsOfUser } from '../org/index.js';
import type { TaskEntity } from './task.entities.js';
import type { TaskUser } from './task-list.service.js';

export type TaskAction = 'claim' | 'unclaim' | 'complete' | 'delegate' | 'takeBack' | 'forward';

/** True when one of the user's principals is a candidate of the task. */
export function isCandidate(task: TaskEntity, user: TaskUser): boolean {
  const principals = new Set(principalsOfUser(user));
  return (
    task.candidateUsers.some((candidate) => principals.has(`user:${candidate}`)) ||
    task.candidateGroups.some((group) => principals.has(`group:${group}`))
  );
}

/** True when the user holds, held, may take, or completed the task. */
export function mayView(task: TaskEntity, user: TaskUser): boolean {
  return (
    task.assignee === user.id ||
    task.delegatedBy === user.id ||
    task.completedBy === user.id ||
    isCandidate(task, user)
  );
}

/** Lists the actions the user may take on the task now. */
export function allowedActions(task: TaskEntity, user: TaskUser): TaskAction[] {
  if (task.state !== 'open') return [];
  if (task.assignee === user.id) return ['unclaim', 'complete', 'delegate', 'forward'];
  if (task.assignee === null) {
    return isCandidate(task, user) ? ['claim', 'complete', 'delegate', 'forward'] : [];
  }
  return task.delegatedBy === user.id ? ['takeBack'] : [];
}
