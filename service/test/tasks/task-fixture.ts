import { expect } from 'chai';
import type supertest from 'supertest';
import type { TestService } from '../support/service.js';

/** The demo agency the task tests work in: Sở Nội vụ tỉnh Hòa Bình. */
export const AGENCY = '000.00.12.H26';

/** Ids of the demo users and units, read from the seeded database. */
export interface DemoIds {
  user(username: string): string;
  unit(code: string): string;
}

export async function demoIds(service: TestService): Promise<DemoIds> {
  const dataSource = service.service.dataSource;
  const users: Array<{ id: string; username: string }> = await dataSource.query(
    'SELECT id, username FROM org_users',
  );
  const units: Array<{ id: string; code: string }> = await dataSource.query(
    'SELECT id, code FROM org_units WHERE organ_id = ?',
    [AGENCY],
  );
  const find = <T>(rows: T[], match: (row: T) => boolean, name: string): T => {
    const row = rows.find(match);
    if (!row) throw new Error(`no demo ${name}`);
    return row;
  };
  return {
    user: (username) => find(users, (row) => row.username === username, username).id,
    unit: (code) => find(units, (row) => row.code === code, code).id,
  };
}

/** Sends a request as a demo user. */
export function as(service: TestService, username: string) {
  const call = async (
    method: 'get' | 'post',
    path: string,
    body?: object,
  ): Promise<supertest.Response> => {
    const agent = service.api();
    const request = (method === 'get' ? agent.get(path) : agent.post(path)).set(
      'Authorization',
      await service.bearer(username),
    );
    return body === undefined ? request : request.send(body);
  };
  return {
    get: (path: string, query: Record<string, string | number> = {}) =>
      call('get', `${path}${toQuery(query)}`),
    post: (path: string, body: object = {}) => call('post', path, body),
  };
}

function toQuery(query: Record<string, string | number>): string {
  const entries = Object.entries(query).map(([key, value]): [string, string] => [
    key,
    String(value),
  ]);
  return entries.length ? `?${new URLSearchParams(entries).toString()}` : '';
}

/** Starts a task-tracking instance as the director and returns its process instance key. */
export async function startTracking(
  service: TestService,
  ids: DemoIds,
  title: string,
  unitCodes: string[],
  dueDate: Date,
): Promise<string> {
  const response = await as(service, 'snv.hungnv').post('/api/routes/task-tracking', {
    title,
    unitIds: unitCodes.map((code) => ids.unit(code)),
    dueDate: dueDate.toISOString(),
  });
  expect(response.status, response.text).to.equal(201);
  return response.body.processInstanceKey as string;
}

/** Finds the open task of an instance in a user's list by reading every page. */
export async function taskOf(
  service: TestService,
  username: string,
  processInstanceKey: string,
): Promise<{ key: string; [field: string]: unknown }> {
  const items = await allPages(service, username, {});
  const task = items.find((item) => item.processInstanceKey === processInstanceKey);
  if (!task) expect.fail(`${username} has no task of instance ${processInstanceKey}`);
  return task;
}

/** Reads every page of a user's list with `query`, checking each page's size. */
export async function allPages(
  service: TestService,
  username: string,
  query: Record<string, string | number>,
): Promise<Array<{ key: string; [field: string]: unknown }>> {
  const items: Array<{ key: string; [field: string]: unknown }> = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page += 1) {
    const response = await as(service, username).get('/api/tasks', {
      ...query,
      ...(cursor ? { cursor } : {}),
    });
    expect(response.status, response.text).to.equal(200);
    items.push(...response.body.items);
    cursor = response.body.nextCursor;
    if (!cursor) return items;
  }
  return expect.fail('more than 100 pages');
}
