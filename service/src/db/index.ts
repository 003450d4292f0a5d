export {
  createDataSource,
  parseDatabaseUrl,
  type DatabaseKind,
  type DatabaseTarget,
  type DataSourceOptions,
} from './data-source.js';
export { pingDatabase } from './ping.js';
