export type * from './types.js';
export { compileBpmn } from './compile.js';
export { describeType, formatProblem } from './problems.js';
