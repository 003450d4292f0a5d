import pino from 'pino';
import { DataSource } from 'typeorm';
import { CreateEngineTables1764806400000 } from '../../../../../migrations/1764806400000-CreateEngineTables.js';
import { createDataSource } from '../../../../src/db/data-source.js';
import { EmbeddedEngine, ManualClock, type Clock } from '../../../../src/engine/embedded/index.js';
import type { EngineOptions } from '../../../../src/engine/embedded/index.js';

/**
 * Engine set-up for the runtime tests: a data source with only the engine's migration (so these
 * tests depend on no other table), and an engine whose scheduler loop is off unless asked for.
 */

export const suiteStart = new Date('2026-12-07T08:00:00.000Z');
export const hour = 3_600_000;

export function engineDataSource(url: string): DataSource {
  const base = createDataSource(url);
  return new DataSource({
    ...base.options,
    migrations: [CreateEngineTables1764806400000],
  } as typeof base.options);
}

export interface OpenEngine {
  engine: EmbeddedEngine;
  dataSource: DataSource;
  clock: Clock;
  close(): Promise<void>;
}

export async function openEngine(
  url: string,
  clock: Clock = new ManualClock(suiteStart),
  options: Partial<EngineOptions> = {},
): Promise<OpenEngine> {
  const dataSource = engineDataSource(url);
  await dataSource.initialize();
  await dataSource.runMigrations();
  const engine = new EmbeddedEngine({
    dataSource,
    logger: pino({ level: process.env.DOCROUTE_TEST_LOG_LEVEL ?? 'silent' }),
    clock,
    options: { schedulerEnabled: false, ...options },
  });
  await engine.start();
  return {
    engine,
    dataSource,
    clock,
    close: async () => {
      await engine.stop();
      await dataSource.destroy();
    },
  };
}

const header =
  '<?xml version="1.0" encoding="UTF-8"?>\n' +
  '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"' +
  ' xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"' +
  ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"' +
  ' id="definitions" targetNamespace="http://bpmn.io/schema/bpmn">';

/** Wraps process content in BPMN definitions with the Zeebe namespace. */
export function bpmn(processId: string, content: string, extra = ''): string {
  return `${header}${extra}<bpmn:process id="${processId}" isExecutable="true">${content}</bpmn:process></bpmn:definitions>`;
}

export function flow(id: string, source: string, target: string, condition?: string): string {
  if (!condition)
    return `<bpmn:sequenceFlow id="${id}" sourceRef="${source}" targetRef="${target}" />`;
  return (
    `<bpmn:sequenceFlow id="${id}" sourceRef="${source}" targetRef="${target}">` +
    `<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${condition}</bpmn:conditionExpression>` +
    '</bpmn:sequenceFlow>'
  );
}

export function serviceTask(id: string, type: string, extensions = ''): string {
  return (
    `<bpmn:serviceTask id="${id}"><bpmn:extensionElements>` +
    `<zeebe:taskDefinition type="${type}" />${extensions}</bpmn:extensionElements></bpmn:serviceTask>`
  );
}

/**
 * The shape of an approval route: start, a Camunda user task with a non-interrupting reminder
 * boundary (R2/PT1H) that runs a service task, then a service task that registers the document.
 */
export const approvalRoute = bpmn(
  'approval-route',
  '<bpmn:startEvent id="start" />' +
    '<bpmn:userTask id="approve" name="Approve"><bpmn:extensionElements><zeebe:userTask />' +
    '<zeebe:assignmentDefinition assignee="=approver" candidateGroups="leaders, clerks" />' +
    '</bpmn:extensionElements></bpmn:userTask>' +
    '<bpmn:boundaryEvent id="reminder" cancelActivity="false" attachedToRef="approve">' +
    '<bpmn:timerEventDefinition><bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R2/PT1H' +
    '</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>' +
    serviceTask('remind', 'approval.remind') +
    '<bpmn:endEvent id="reminded" />' +
    serviceTask('register', 'document.register') +
    '<bpmn:endEvent id="end" />' +
    flow('f1', 'start', 'approve') +
    flow('f2', 'approve', 'register') +
    flow('f3', 'register', 'end') +
    flow('f4', 'reminder', 'remind') +
    flow('f5', 'remind', 'reminded'),
);
