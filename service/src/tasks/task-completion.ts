import { ValidationError } from '../errors/index.js';
import type { FormField, TaskForm } from './task-forms.js';

/** Checks that ids in a completion name users and units of the caller's agency. */
export interface CompletionLookups {
  userInAgency(userId: string): Promise<boolean>;
  unitInAgency(unitId: string): Promise<boolean>;
  /**
   * Returns `fileId` when it names a stored PDF. Otherwise throws a ValidationError naming `field`,
   * the file's content type and what to upload.
   */
  storedPdf(field: string, fileId: string): Promise<string>;
}

export interface CheckedCompletion {
  decision: string | null;
  comment: string | null;
  /** Every variable the engine receives: decision, comment and the form fields. */
  variables: Record<string, unknown>;
}

const MAX_COMMENT = 4000;
const MAX_TEXT = 10_000;
const ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;

function invalid(field: string, value: unknown, message: string, extra = {}): ValidationError {
  return new ValidationError(message, { field, value, ...extra });
}

function checkDecision(form: TaskForm, value: unknown): string | null {
  if (form.decisions.length === 0) {
    if (value === undefined || value === null) return null;
    throw invalid('decision', value, 'this task takes no decision; leave decision out', {
      allowed: [],
    });
  }
  if (typeof value === 'string' && form.decisions.includes(value)) return value;
  throw invalid('decision', value, `decision must be one of ${form.decisions.join(', ')}`, {
    allowed: form.decisions,
  });
}

function checkComment(form: TaskForm, decision: string | null, value: unknown): string | null {
  if (value !== undefined && value !== null && typeof value !== 'string') {
    throw invalid('comment', value, 'comment must be text');
  }
  const comment = typeof value === 'string' ? value.trim().normalize('NFC') : '';
  if (comment.length > MAX_COMMENT) {
    throw invalid('comment', value, `comment must be at most ${MAX_COMMENT} characters`);
  }
  if (comment === '' && decision !== null && form.commentRequiredFor.includes(decision)) {
    throw invalid('comment', value, `a comment is required with decision ${decision}`);
  }
  return comment === '' ? null : comment;
}

/** Returns true when an ISO 8601 date and time ends with `Z` or an offset such as `+07:00`. */
export function hasTimeZone(text: string): boolean {
  return /(?:[zZ]|[+-]\d\d:?\d\d)$/.test(text);
}

/** Checks a deadline: an ISO 8601 date and time with a zone, later than `now`. */
function checkDeadline(name: string, value: unknown, now: Date): string {
  const date = typeof value === 'string' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime()) || !hasTimeZone(value as string)) {
    throw invalid(name, value, `${name} must be an ISO 8601 date and time with a zone`);
  }
  if (date.getTime() <= now.getTime()) {
    throw invalid(name, value, `${name} is in the past. Give a deadline later than now`, {
      now: now.toISOString(),
    });
  }
  return date.toISOString();
}

function checkId(name: string, value: unknown): string {
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) {
    throw invalid(name, value, `${name} must be an id`);
  }
  return value;
}

async function checkUnit(name: string, value: unknown, lookups: CompletionLookups) {
  const id = checkId(name, value);
  if (!(await lookups.unitInAgency(id))) {
    throw invalid(name, value, `${name} must name an active unit of your agency`);
  }
  return id;
}

async function checkField(
  field: FormField,
  value: unknown,
  lookups: CompletionLookups,
  now: Date,
): Promise<unknown> {
  const name = `variables.${field.name}`;
  switch (field.type) {
    case 'text':
      if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_TEXT) {
        throw invalid(name, value, `${name} must be text of 1 to ${MAX_TEXT} characters`);
      }
      return value.trim().normalize('NFC');
    case 'boolean':
      if (typeof value !== 'boolean') throw invalid(name, value, `${name} must be true or false`);
      return value;
    case 'datetime':
      return checkDeadline(name, value, now);
    case 'file':
      if (typeof value !== 'string' || !/^[A-Za-z0-9_-]{8,64}$/.test(value)) {
        throw invalid(name, value, `${name} must be the fileId of an uploaded file`);
      }
      return lookups.storedPdf(name, value);
    case 'user': {
      const id = checkId(name, value);
      if (!(await lookups.userInAgency(id))) {
        throw invalid(name, value, `${name} must name an active user of your agency`);
      }
      return id;
    }
    case 'unit':
      return checkUnit(name, value, lookups);
    case 'units': {
      if (!Array.isArray(value)) throw invalid(name, value, `${name} must be a list of unit ids`);
      const ids: string[] = [];
      for (const item of value) ids.push(await checkUnit(name, item, lookups));
      return [...new Set(ids)];
    }
    case 'unit-deadlines': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw invalid(name, value, `${name} must map unit ids to ISO 8601 dates and times`);
      }
      const result: Record<string, string> = {};
      for (const [unitId, due] of Object.entries(value as Record<string, unknown>)) {
        result[await checkUnit(name, unitId, lookups)] = checkDeadline(name, due, now);
      }
      return result;
    }
  }
}

const BODY_FIELDS = ['decision', 'comment', 'variables'];

/** Rejects a top-level field the completion does not read, such as a misspelt `decision`. */
function checkBodyNames(body: Record<string, unknown>): void {
  const unknown = Object.keys(body).find((name) => !BODY_FIELDS.includes(name));
  if (unknown === undefined) return;
  throw invalid(
    unknown,
    body[unknown],
    `unknown field ${unknown}. A completion accepts ${BODY_FIELDS.join(', ')}, and form fields ` +
      'go inside variables',
    { allowed: BODY_FIELDS },
  );
}

/**
 * Checks a completion request against the task's form and returns the variables for the engine.
 * Variables that the form does not name are refused, so a completion cannot overwrite route
 * variables such as documentId. Every date and time field of a form is a deadline, so it must be
 * later than `now`.
 */
export async function checkCompletion(
  form: TaskForm,
  body: Record<string, unknown>,
  lookups: CompletionLookups,
  now: Date,
): Promise<CheckedCompletion> {
  checkBodyNames(body);
  const decision = checkDecision(form, body.decision);
  const comment = checkComment(form, decision, body.comment);
  const given = body.variables ?? {};
  if (given === null || typeof given !== 'object' || Array.isArray(given)) {
    throw invalid('variables', given, 'variables must be an object of form fields');
  }
  const known = new Set(form.fields.map((field) => field.name));
  for (const name of Object.keys(given)) {
    if (!known.has(name)) {
      throw invalid(
        `variables.${name}`,
        (given as Record<string, unknown>)[name],
        `this task has no field ${name}; its fields are ${[...known].join(', ') || 'none'}`,
        { allowed: [...known] },
      );
    }
  }
  // The comment is always sent, so that a mapping never reads a comment left by an earlier step.
  const variables: Record<string, unknown> =
    decision === null ? { comment } : { decision, comment };
  for (const field of form.fields) {
    const value = (given as Record<string, unknown>)[field.name];
    if (value === undefined || value === null) {
      if (field.required) {
        throw invalid(`variables.${field.name}`, value, `${field.name} is required for this task`);
      }
      continue;
    }
    variables[field.name] = await checkField(field, value, lookups, now);
  }
  return { decision, comment, variables };
}
