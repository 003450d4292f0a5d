import { dropTestTemplates } from './databases.js';

/** Root hooks for the whole test run, loaded through `require` in .mocharc.json. */
export const mochaHooks = {
  async afterAll(): Promise<void> {
    await dropTestTemplates();
  },
};
