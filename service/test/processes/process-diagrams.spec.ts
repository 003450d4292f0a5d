import { createRequire } from 'node:module';
import { expect } from 'chai';
import { BpmnModdle } from 'bpmn-moddle';
import { BPMN_ERROR_CODES } from '../../src/workers/index.js';
import { routeResources } from './route-harness.js';

/**
 * Static checks of the routes in processes/: each file opens in bpmn-moddle with the zeebe
 * extension, carries a diagram shape or edge for every flow element, and uses only the job types
 * and BPMN error codes that docroute's workers handle or throw.
 */

const require = createRequire(import.meta.url);
const zeebeDescriptor: object = require('zeebe-bpmn-moddle/resources/zeebe.json');

/** The routes that must exist, by file name. */
const routeFiles = ['incoming-document.bpmn', 'outgoing-document.bpmn', 'task-tracking.bpmn'];

/**
 * Job types the routes may use: those that the service's workers in service/src/workers handle
 * (documents, signatures, due dates per step and reminders).
 */
const knownJobTypes = new Set([
  'deadline.compute',
  'deadline.escalate',
  'document.store',
  'document.register',
  'document.issue',
  'document.reply',
  'signature.apply',
  'signature.apply-organisation',
  'signature.verify',
  'notify.send',
]);

interface ModdleElement {
  $type: string;
  id: string;
  name?: string;
  bpmnElement?: ModdleElement;
  waypoint?: unknown[];
  flowElements?: ModdleElement[];
  rootElements?: ModdleElement[];
  diagrams?: Array<{ plane: { planeElement?: ModdleElement[] } }>;
  documentation?: Array<{ text: string }>;
  extensionElements?: { values?: Array<{ $type: string; type?: string; dueDate?: string }> };
  errorCode?: string;
}

async function openRoute(name: string): Promise<ModdleElement> {
  const resource = routeResources().find((candidate) => candidate.name === name);
  expect(resource, `processes/${name}`).not.to.equal(undefined);
  const moddle = new BpmnModdle({ zeebe: zeebeDescriptor });
  const result = await moddle.fromXML(String(resource!.content), 'bpmn:Definitions');
  expect(result.warnings ?? [], `import warnings of ${name}`).to.deep.equal([]);
  return result.rootElement as ModdleElement;
}

/** Returns the flow elements of a process, including those inside sub-processes. */
function flowElementsOf(container: ModdleElement): ModdleElement[] {
  return (container.flowElements ?? []).flatMap((element) => [element, ...flowElementsOf(element)]);
}

function extensionsOf(element: ModdleElement, type: string) {
  return (element.extensionElements?.values ?? []).filter((value) => value.$type === type);
}

describe('process diagrams', function () {
  it('processes folder has every route', function () {
    // given the processes folder
    // when its files are listed
    const names = routeResources().map((resource) => resource.name);

    // then each route is there
    expect(names).to.include.members(routeFiles);
  });

  for (const file of routeFiles) {
    const processId = file.replace(/\.bpmn$/, '');

    it(`${file} has DI for every element`, async function () {
      // given the route opened with bpmn-moddle
      const definitions = await openRoute(file);
      const process = definitions.rootElements?.find((root) => root.$type === 'bpmn:Process');

      // when its flow elements are matched against the diagram
      const planeElements = definitions.diagrams?.[0]?.plane.planeElement ?? [];
      const drawn = new Map(planeElements.map((shape) => [shape.bpmnElement?.id, shape]));

      // then the process id is the file name and every flow element is drawn
      expect(process?.id).to.equal(processId);
      const elements = flowElementsOf(process!);
      expect(elements.length).to.be.greaterThan(5);
      for (const element of elements) {
        const shape = drawn.get(element.id);
        expect(shape, `diagram element for ${element.id}`).not.to.equal(undefined);
        if (element.$type === 'bpmn:SequenceFlow') {
          expect(shape!.$type, element.id).to.equal('bpmndi:BPMNEdge');
          expect(shape!.waypoint?.length ?? 0, `waypoints of ${element.id}`).to.be.at.least(2);
        } else {
          expect(shape!.$type, element.id).to.equal('bpmndi:BPMNShape');
        }
      }
    });

    it(`${file} documents named elements`, async function () {
      // given the route opened with bpmn-moddle
      const definitions = await openRoute(file);
      const process = definitions.rootElements!.find((root) => root.$type === 'bpmn:Process')!;

      // when its named flow nodes are listed
      const named = flowElementsOf(process).filter(
        (element) => element.name && element.$type !== 'bpmn:SequenceFlow',
      );

      // then each has a documentation line, and each user task a due date
      expect(process.documentation?.[0]?.text ?? '').not.to.equal('');
      for (const element of named) {
        expect(element.documentation?.[0]?.text ?? '', `documentation of ${element.id}`).not.to.equal('');
        if (element.$type === 'bpmn:UserTask') {
          const [schedule] = extensionsOf(element, 'zeebe:TaskSchedule');
          expect(schedule?.dueDate ?? '', `due date of ${element.id}`).to.match(/^=/);
        }
      }
    });

    it(`${file} uses known job types and errors`, async function () {
      // given the route opened with bpmn-moddle
      const definitions = await openRoute(file);
      const process = definitions.rootElements!.find((root) => root.$type === 'bpmn:Process')!;

      // when its job types and error codes are collected
      const jobTypes = flowElementsOf(process).flatMap((element) =>
        extensionsOf(element, 'zeebe:TaskDefinition').map((definition) => definition.type),
      );
      const errorCodes = definitions
        .rootElements!.filter((root) => root.$type === 'bpmn:Error')
        .map((error) => error.errorCode);

      // then every one of them is known to the workers
      for (const type of jobTypes) {
        expect(knownJobTypes.has(String(type)), `job type ${type}`).to.equal(true);
      }
      const workerCodes: readonly string[] = Object.values(BPMN_ERROR_CODES);
      for (const code of errorCodes) {
        expect(workerCodes, `error code ${code}`).to.include(code);
      }
    });
  }
});
