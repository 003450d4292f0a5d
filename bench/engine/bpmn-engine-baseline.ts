/**
 * The comparison run: the same BPMN on bpmn-engine 25, in memory, one `Engine` per instance as
 * its API expects. The model is parsed and serialized once and shared as `sourceContext`, which
 * ran about 15% faster than passing the XML `source` or a `moddleContext` in a trial here.
 * bpmn-engine does not know Zeebe's `zeebe:taskDefinition`, so an extension gives each service
 * task an implementation that behaves like a job worker completing the job at once. User tasks
 * wait until signalled.
 */
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import * as elements from 'bpmn-elements';
import type { ElementBase } from 'bpmn-elements';
import { Engine } from 'bpmn-engine';
import { BpmnModdle } from 'bpmn-moddle';
import Serializer, { TypeResolver } from 'moddle-context-serializer';
import { settledMemory } from './memory.js';
import { StepRecorder, type StepSummary } from './step-recorder.js';

const require = createRequire(import.meta.url);
const zeebeDescriptor = require('zeebe-bpmn-moddle/resources/zeebe.json') as object;

type SourceContext = ReturnType<typeof Serializer>;

/** Parses and serializes the BPMN once for every engine created from it. */
export async function loadSourceContext(xml: string): Promise<SourceContext> {
  const moddle = new BpmnModdle({ zeebe: zeebeDescriptor });
  const moddleContext = await moddle.fromXML(xml);
  return Serializer(moddleContext, TypeResolver(elements));
}

type ServiceCallback = (error: Error | null, output?: unknown) => void;

/**
 * Creates the engine extensions that run each service task as an immediately completed job.
 * `onJob` is called when the job starts and returns the callback that completes it.
 */
function jobExtensions(onJob: (complete: ServiceCallback) => void) {
  return {
    zeebeJob(activity: ElementBase) {
      if (activity.type === 'bpmn:ServiceTask') {
        activity.behaviour.Service = function ImmediateJob() {
          return {
            execute(_message: unknown, callback: ServiceCallback) {
              onJob(callback);
            },
          };
        };
      }
      // Nothing to do when the activity starts or stops: the behaviour set above is enough.
      return { activate() {}, deactivate() {} };
    },
  };
}

interface WaitingApi {
  id: string;
  signal(message?: unknown): void;
}

/**
 * Runs one instance to its end and records five steps. The start lasts until the first user
 * task waits, and each of the three user task signals until the next task waits or the job
 * starts. The job completion lasts until the engine ends.
 */
async function runInstance(
  sourceContext: SourceContext,
  index: number,
  recorder: StepRecorder,
): Promise<void> {
  let commandAt = performance.now();
  const acknowledge = () => recorder.record(performance.now() - commandAt);
  const listener = new EventEmitter();
  listener.on('wait', (api: WaitingApi) => {
    acknowledge();
    setImmediate(() => {
      commandAt = performance.now();
      api.signal({ decision: 'approved', comment: 'Đồng ý' });
    });
  });
  const extensions = jobExtensions((complete) => {
    acknowledge();
    setImmediate(() => {
      commandAt = performance.now();
      complete(null, { registerNumber: '123/UBND-VP' });
    });
  });
  const engine = new Engine({ name: 'approval-bench', sourceContext, extensions });
  const ended = engine.waitFor('end');
  commandAt = performance.now();
  await engine.execute({ listener, variables: sampleVariables(index) });
  await ended;
  acknowledge();
}

/** Drives `instances` instances to completion with `concurrency` of them in flight. */
export async function runBaselineThroughput(
  sourceContext: SourceContext,
  instances: number,
  concurrency: number,
): Promise<StepSummary> {
  const recorder = new StepRecorder();
  let next = 0;
  const lane = async () => {
    while (next < instances) {
      const index = next;
      next += 1;
      await runInstance(sourceContext, index, recorder);
    }
  };
  recorder.start();
  await Promise.all(Array.from({ length: Math.min(concurrency, instances) }, lane));
  recorder.stop();
  return recorder.summarize();
}

export interface BaselineMemory {
  instances: number;
  heapBytesPerInstance: number;
  /** Mean length of `JSON.stringify(engine.getState())`, the state an application would store. */
  stateBytesPerInstance: number;
}

/** Loads `count` engines waiting at their first user task and measures the heap they use. */
export async function measureBaselineMemory(
  sourceContext: SourceContext,
  count: number,
): Promise<BaselineMemory> {
  const before = await settledMemory();
  const engines: Engine[] = [];
  for (let index = 0; index < count; index += 1) {
    engines.push(await startWaitingEngine(sourceContext, index));
  }
  const after = await settledMemory();
  let stateBytes = 0;
  for (const engine of engines) stateBytes += JSON.stringify(await engine.getState()).length;
  await Promise.all(engines.map((engine) => engine.stop()));
  return {
    instances: count,
    heapBytesPerInstance: (after.heapUsedBytes - before.heapUsedBytes) / count,
    stateBytesPerInstance: stateBytes / count,
  };
}

async function startWaitingEngine(sourceContext: SourceContext, index: number): Promise<Engine> {
  const listener = new EventEmitter();
  const waiting = new Promise<void>((resolve) => listener.once('wait', () => resolve()));
  const extensions = jobExtensions((complete) => complete(null));
  const engine = new Engine({ name: 'approval-bench', sourceContext, extensions });
  await engine.execute({ listener, variables: sampleVariables(index) });
  await waiting;
  return engine;
}

/** Builds the start variables of instance `index`, the same on both engines. */
export function sampleVariables(index: number): Record<string, unknown> {
  return {
    documentId: `doc-${String(index).padStart(8, '0')}`,
    title: 'Công văn về việc triển khai kế hoạch cải cách hành chính năm 2027',
    department: 'Văn phòng UBND',
    urgency: 'normal',
    pageCount: 4,
  };
}
