export {
  evaluateCondition,
  evaluateExpression,
  evaluateFeel,
  ExpressionError,
  findFeelSyntaxError,
  type EvaluationOptions,
} from './evaluate.js';
