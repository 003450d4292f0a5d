import { expect } from 'chai';
import { openDatabase } from '../../src/app.js';
import { loadConfig } from '../../src/config/index.js';
import { createEngine } from '../../src/engine/index.js';
import { createLogger } from '../../src/log/index.js';
import { describeEachDatabase } from '../support/databases.js';

describeEachDatabase('createEngine', (database) => {
  const logger = createLogger({ level: 'silent' });

  it('selects embedded without ZEEBE_ADDRESS', async () => {
    // given a configuration without ZEEBE_ADDRESS
    const config = loadConfig({ DATABASE_URL: database().url });
    const dataSource = await openDatabase(config, logger);

    // when the engine is created
    const engine = createEngine(config, { dataSource, logger });

    // then it is the embedded engine, healthy on the database
    try {
      expect(engine.kind).to.equal('embedded');
      expect((await engine.health()).ok).to.equal(true);
    } finally {
      await engine.stop();
      await dataSource.destroy();
    }
  });

  it('selects Zeebe with ZEEBE_ADDRESS', async () => {
    // given a configuration with a loopback Zeebe address where nothing listens
    const config = loadConfig({ DATABASE_URL: database().url, ZEEBE_ADDRESS: '127.0.0.1:1' });
    const dataSource = await openDatabase(config, logger);

    // when the engine is created, without being started
    const engine = createEngine(config, { dataSource, logger });

    // then it is the Zeebe adapter
    try {
      expect(engine.kind).to.equal('zeebe');
    } finally {
      await engine.stop();
      await dataSource.destroy();
    }
  });
});
