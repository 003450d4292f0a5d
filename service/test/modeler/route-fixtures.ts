import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A valid route: start, a user task with a candidate group and due date, signing, end. */
export const approvalRoute = readFileSync(
  join(import.meta.dirname, 'fixtures/approval-route.bpmn'),
  'utf8',
);

/** Returns the route with `search` replaced, throwing when the fixture lacks it. */
export function editRoute(search: string, replacement: string, xml = approvalRoute): string {
  if (!xml.includes(search)) throw new Error(`fixture does not contain ${search}`);
  return xml.replace(search, replacement);
}
