export { RegisterCounterEntity, type RegisterKind } from './register-counter.entity.js';
export {
  RegisterNumberService,
  chooseSeries,
  type RegisterKey,
  type RegisterSeriesOptions,
} from './register-number.service.js';
export { buildNotation, type Notation, type NotationParts } from './notation.js';
export { formatVietnameseDate, vietnamDate, vietnamYear } from './vietnam-time.js';
export {
  REGISTER_BOOKS,
  REGISTER_COLUMNS,
  REGISTER_TITLES,
  type RegisterBook,
  type RegisterTable,
} from './register-table.js';
export { registerToCsv } from './register-csv.js';
export { registerToPdf } from './register-pdf.js';
export {
  createRegistersRouter,
  type RegisterExportRequest,
  type RegistersRouterDependencies,
} from './registers.router.js';
