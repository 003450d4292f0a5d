import type { SyntaxNode } from '@lezer/common';
import {
  evaluate,
  FeelDate,
  FeelDateTime,
  FeelDuration,
  FeelFunction,
  FeelTime,
  parseExpression,
} from 'feelin';

/**
 * Name of the context function that replaces `<`, `<=`, `>` and `>=` in rewritten expressions.
 * It starts with underscores so that it does not collide with process variable names.
 */
export const ORDERING_FUNCTION = '__docrouteCompare';

const ORDERING_OPERATORS = new Set(['<', '<=', '>', '>=']);

/**
 * Rewrites every ordering comparison `a < b` into `__docrouteCompare(a, "<", b)`. feelin 8 orders
 * values of different types (`"3" < 5` is true) where Camunda's FEEL engine returns null, so
 * the rewritten form lets {@link compareOrdered} apply Camunda's rule.
 */
export function rewriteOrderings(feel: string, variableNames: string[]): string {
  const context = Object.fromEntries(variableNames.map((name) => [name, null]));
  const tree = parseExpression(feel, context, undefined);
  return rewriteNode(tree.topNode, feel);
}

function rewriteNode(node: SyntaxNode, feel: string, isFilter = false): string {
  const children = childrenOf(node);
  const operator = children[1];
  if (
    node.name === 'Comparison' &&
    children.length === 3 &&
    operator?.name === 'CompareOp' &&
    ORDERING_OPERATORS.has(feel.slice(operator.from, operator.to))
  ) {
    const left = rewriteNode(children[0]!, feel);
    const right = rewriteNode(children[2]!, feel);
    const symbol = feel.slice(operator.from, operator.to);
    const call = `${ORDERING_FUNCTION}(${left}, "${symbol}", ${right})`;
    // feelin reads a filter whose top node is a function call as a list index, so the filter
    // stays a comparison. Null and false both drop the item, as in Camunda.
    return isFilter ? `${call} = true` : call;
  }
  let text = '';
  let position = node.from;
  for (const child of children) {
    const isFilterChild = node.name === 'FilterExpression' && child.prevSibling?.name === '[';
    text += feel.slice(position, child.from) + rewriteNode(child, feel, isFilterChild);
    position = child.to;
  }
  return text + feel.slice(position, node.to);
}

function childrenOf(node: SyntaxNode): SyntaxNode[] {
  const children: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) children.push(child);
  return children;
}

/**
 * Orders two values by Camunda's FEEL rules: null when either side is null or when the types
 * differ (a number and a string, a date and a date-time, a years-and-months and a days-and-time
 * duration). Values of the same type are compared by feelin itself.
 */
export function compareOrdered(left: unknown, operator: string, right: unknown): boolean | null {
  if (left === null || left === undefined || right === null || right === undefined) return null;
  if (!ORDERING_OPERATORS.has(operator)) return null;
  if (!haveSameOrderedType(left, right)) return null;
  if (typeof left === 'number' || typeof left === 'string') {
    return orderPrimitives(left, operator, right as typeof left);
  }
  const result = evaluate(`left ${operator} right`, { left, right });
  return typeof result.value === 'boolean' ? result.value : null;
}

function orderPrimitives<T extends number | string>(left: T, operator: string, right: T): boolean {
  switch (operator) {
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '>':
      return left > right;
    default:
      return left >= right;
  }
}

function haveSameOrderedType(left: unknown, right: unknown): boolean {
  if (typeof left === 'number' || typeof left === 'string') return typeof left === typeof right;
  if (typeof left !== 'object' || typeof right !== 'object') return false;
  if (left === null || right === null || left.constructor !== right.constructor) return false;
  if (left instanceof FeelDuration && right instanceof FeelDuration) {
    return left.yearsMonths === right.yearsMonths;
  }
  return left instanceof FeelDate || left instanceof FeelTime || left instanceof FeelDateTime;
}

/** The context entry that implements {@link ORDERING_FUNCTION}. */
export const orderingFunction = new FeelFunction(compareOrdered, ['left', 'operator', 'right']);
