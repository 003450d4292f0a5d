import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { expect } from 'chai';
import { compileBpmn } from '../../../../src/engine/embedded/model/index.js';
import { corpusFiles } from '../../../support/corpus.js';

describe('compileBpmn corpus', () => {
  let files: string[] = [];

  before(function () {
    files = corpusFiles(this, 'bpmn', '.bpmn');
  });

  it('finds corpus files', () => {
    // then
    expect(files.length).to.be.greaterThan(0);
  });

  it('compiles or explains every file', async () => {
    for (const file of files) {
      // given
      const name = basename(file);
      const text = readFileSync(file, 'latin1');
      const hasExecutable = /isExecutable="true"/.test(text);

      // when
      const resource = await compileBpmn(name, readFileSync(file));

      // then
      const listing = `${name}: ${JSON.stringify(resource.problems, null, 2)}`;
      expect(resource.resourceName, name).to.equal(name);
      if (hasExecutable) {
        expect(resource.processes.length, listing).to.be.greaterThan(0);
      } else {
        expect(resource.processes, listing).to.deep.equal([]);
      }
      if (!hasExecutable) {
        expect(
          resource.problems.map((problem) => problem.message),
          listing,
        ).to.include(
          `${name} contains no executable process: set isExecutable="true" on the process to deploy`,
        );
      }
      for (const problem of resource.problems) {
        expect(problem.resourceName, listing).to.equal(name);
        if (problem.elementId === undefined) {
          expect(problem.message.startsWith(name), listing).to.equal(true);
        } else {
          expect(problem.message, listing).to.include(`'${problem.elementId}'`);
          expect(problem.elementType, listing).to.match(/^bpmn:[A-Z]/);
          expect(text, listing).to.include(`id="${problem.elementId}"`);
        }
      }
    }
  });

  it('compiles executable processes into scopes', async () => {
    for (const file of files) {
      // when
      const resource = await compileBpmn(basename(file), readFileSync(file));

      // then
      for (const process of resource.processes) {
        expect(process.scopes[process.bpmnProcessId], file).to.not.equal(undefined);
        for (const element of Object.values(process.elements)) {
          expect(process.scopes[element.scopeId], `${file} ${element.id}`).to.not.equal(undefined);
          for (const flowId of [...element.incoming, ...element.outgoing]) {
            expect(process.flows[flowId], `${file} ${flowId}`).to.not.equal(undefined);
          }
        }
      }
    }
  });
});
