import { bpmn, flow, serviceTask } from './engine-fixture.js';

export const approvalProcessId = 'crash-route';

/** Start, a job, a user task, a parallel fork of two jobs, a join, and the end. */
export const crashRoute = bpmn(
  approvalProcessId,
  '<bpmn:startEvent id="start" />' +
    serviceTask('prepare', 'crash.prepare') +
    '<bpmn:userTask id="approve"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements></bpmn:userTask>' +
    '<bpmn:parallelGateway id="fork" />' +
    serviceTask('left', 'crash.left') +
    serviceTask('right', 'crash.right') +
    '<bpmn:parallelGateway id="join" />' +
    '<bpmn:endEvent id="end" />' +
    flow('f1', 'start', 'prepare') +
    flow('f2', 'prepare', 'approve') +
    flow('f3', 'approve', 'fork') +
    flow('f4', 'fork', 'left') +
    flow('f5', 'fork', 'right') +
    flow('f6', 'left', 'join') +
    flow('f7', 'right', 'join') +
    flow('f8', 'join', 'end'),
);
