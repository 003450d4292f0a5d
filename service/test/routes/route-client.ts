import { expect } from 'chai';
import type { ProcessInstance } from '../../src/engine/index.js';
import type { TestService } from '../support/service.js';

/**
 * A client of the task and route API for the end-to-end route tests: it acts as the seeded users
 * do, through HTTP only, except that it reads a finished instance and its incidents from the
 * engine to explain a failure. The task list is a projection fed by engine events, so the waits
 * poll it in steps of milliseconds.
 */

/** The seeded administrator of each agency, who reads its units and users. */
const agencyReaders = new Map([
  ['000.00.12.H26', 'snv.huybq'],
  ['000.00.13.H26', 'stc.duccm'],
]);

const waitStepMs = 20;
const waitLimitMs = 60_000;

/** The fields of a task list entry that the tests read. */
export interface TaskItem {
  key: string;
  name: string | null;
  elementId: string;
  bpmnProcessId: string;
  processInstanceKey: string;
  state: string;
  assignee: { id: string; fullName: string | null } | null;
  candidateGroups: string[];
  documentId: string | null;
  dueAt: string | null;
  overdue: boolean;
}

/** A user of the organisation as GET /api/org/users returns it. */
export interface OrgUser {
  id: string;
  username: string;
  fullName: string;
  organId: string;
  unitId: string;
  position: string;
  roles: string[];
}

/** A unit as GET /api/org/units returns it. */
export interface OrgUnit {
  id: string;
  organId: string;
  code: string;
  name: string;
}

/** Selects one open task of an instance: its element, and optionally its candidate group. */
export interface TaskQuery {
  processInstanceKey: string;
  elementId: string;
  candidateGroup?: string;
}

export class RouteClient {
  private readonly users = new Map<string, OrgUser>();
  private readonly passwords = new Map<string, string>();
  private readonly tokens = new Map<string, string>();

  constructor(private readonly service: TestService) {}

  /** Returns the `Authorization` header of a user, logging them in once. */
  async bearer(username: string): Promise<string> {
    const password = this.passwords.get(username);
    if (password === undefined) return this.service.bearer(username);
    if (!this.tokens.has(username)) {
      const response = await this.service
        .api()
        .post('/api/auth/login')
        .send({ username, password });
      expect(response.status, `login of ${username}: ${response.text}`).to.equal(200);
      this.tokens.set(username, response.body.accessToken as string);
    }
    return `Bearer ${this.tokens.get(username)}`;
  }

  /** Sends a JSON request as `username` and returns the response after checking its status. */
  async send(
    username: string,
    method: 'get' | 'post' | 'put',
    path: string,
    body?: object,
    expectedStatus?: number,
  ) {
    const agent = this.service.api();
    const request = agent[method](path).set('Authorization', await this.bearer(username));
    const response = body === undefined ? await request : await request.send(body);
    if (expectedStatus !== undefined) {
      expect(response.status, `${method.toUpperCase()} ${path}: ${response.text}`).to.equal(
        expectedStatus,
      );
    }
    return response;
  }

  /** Downloads a binary response, such as a PDF, as `username`. */
  async download(username: string, path: string): Promise<Buffer> {
    const response = await this.service
      .api()
      .get(path)
      .set('Authorization', await this.bearer(username))
      .buffer(true)
      .parse((res, callback) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => callback(null, Buffer.concat(chunks)));
      });
    expect(response.status, `GET ${path}`).to.equal(200);
    return response.body as Buffer;
  }

  /** Returns a user of either seeded agency by username, read once by each agency's administrator. */
  async user(username: string): Promise<OrgUser> {
    if (!this.users.has(username)) {
      for (const [organId, reader] of agencyReaders) {
        const path = `/api/org/users?organId=${organId}`;
        const response = await this.send(reader, 'get', path, undefined, 200);
        for (const user of response.body as OrgUser[]) this.users.set(user.username, user);
      }
    }
    const user = this.users.get(username);
    if (!user) return expect.fail(`user ${username} not found in /api/org/users`);
    return user;
  }

  /** Returns a unit of an agency by its code, read by the agency's administrator. */
  async unit(organId: string, code: string): Promise<OrgUnit> {
    const reader = agencyReaders.get(organId) ?? 'snv.huybq';
    const response = await this.send(
      reader,
      'get',
      `/api/org/units?organId=${organId}`,
      undefined,
      200,
    );
    const unit = (response.body as OrgUnit[]).find((candidate) => candidate.code === code);
    if (!unit) return expect.fail(`unit ${code} of ${organId} not found`);
    return unit;
  }

  /**
   * Creates a unit with one unit leader as the administrator `admin`, and remembers the leader's
   * password so that the client can log in as them.
   */
  async createUnitWithLeader(
    admin: string,
    unit: { organId: string; code: string; name: string; parentUnitId: string },
    leader: { username: string; fullName: string; password: string },
  ): Promise<{ unit: OrgUnit; leader: OrgUser }> {
    const created = await this.send(admin, 'post', '/api/org/units', unit, 201);
    const user = await this.send(
      admin,
      'post',
      '/api/org/users',
      {
        username: leader.username,
        fullName: leader.fullName,
        email: `${leader.username}@example.vn`,
        unitId: created.body.id,
        position: 'truong_phong',
        roles: ['unit_leader'],
        clearance: 'mat',
        password: leader.password,
      },
      201,
    );
    this.passwords.set(leader.username, leader.password);
    this.users.set(leader.username, user.body as OrgUser);
    return { unit: created.body as OrgUnit, leader: user.body as OrgUser };
  }

  /** Uploads a PDF as `username` and returns its file id. */
  async uploadPdf(username: string, pdf: Buffer, name: string): Promise<string> {
    const response = await this.service
      .api()
      .post('/api/files')
      .set('Authorization', await this.bearer(username))
      .attach('file', pdf, { filename: name, contentType: 'application/pdf' });
    expect(response.status, `upload of ${name}: ${response.text}`).to.equal(201);
    return response.body.id as string;
  }

  /** Creates an outgoing draft as `username` and returns its id. */
  async createDraft(username: string, draft: object): Promise<string> {
    const response = await this.send(username, 'post', '/api/documents/drafts', draft, 201);
    return response.body.document.id as string;
  }

  /** Starts a route through POST /api/routes/<route> and returns the instance key. */
  async startRoute(username: string, route: string, body: object): Promise<string> {
    const response = await this.send(username, 'post', `/api/routes/${route}`, body, 201);
    return response.body.processInstanceKey as string;
  }

  /**
   * Waits until GET /api/tasks lists, for `username`, an open task that matches `query` and returns
   * it. A failure lists the instance's incidents and the open tasks the user saw.
   */
  async waitForTask(username: string, query: TaskQuery): Promise<TaskItem> {
    const giveUpAt = Date.now() + waitLimitMs;
    for (;;) {
      const seen = await this.openTasks(username);
      const found = seen.find(
        (task) =>
          task.processInstanceKey === query.processInstanceKey &&
          task.elementId === query.elementId &&
          (query.candidateGroup === undefined ||
            task.candidateGroups.includes(query.candidateGroup)),
      );
      if (found) return found;
      await this.failOnIncident(query.processInstanceKey);
      if (Date.now() > giveUpAt) {
        const open = seen.map((task) => `${task.processInstanceKey}/${task.elementId}`);
        return expect.fail(
          `${username} never saw task ${JSON.stringify(query)}; saw ${open.join(', ')}`,
        );
      }
      await pause();
    }
  }

  /** Lists every open task that `username` may act on. */
  async openTasks(username: string): Promise<TaskItem[]> {
    const items: TaskItem[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/api/tasks?state=open&limit=100${cursor ? `&cursor=${cursor}` : ''}`;
      const response = await this.send(username, 'get', query, undefined, 200);
      items.push(...(response.body.items as TaskItem[]));
      cursor = response.body.nextCursor as string | null;
    } while (cursor);
    return items;
  }

  /** Waits for the task and completes it as `username` in one touch (claim and complete). */
  async complete(username: string, query: TaskQuery, body: object = {}): Promise<TaskItem> {
    const task = await this.waitForTask(username, query);
    const response = await this.send(username, 'post', `/api/tasks/${task.key}/completion`, body);
    expect(response.status, `completion of ${query.elementId}: ${response.text}`).to.be.oneOf([
      200, 204,
    ]);
    return task;
  }

  /** Waits until the instance has ended and returns it, failing on an incident. */
  async waitForEnd(processInstanceKey: string): Promise<ProcessInstance> {
    const giveUpAt = Date.now() + waitLimitMs;
    for (;;) {
      const instance = await this.service.service.engine.getInstance(processInstanceKey);
      if (instance.state !== 'ACTIVE') return instance;
      await this.failOnIncident(processInstanceKey);
      if (Date.now() > giveUpAt) return expect.fail(`instance ${processInstanceKey} did not end`);
      await pause();
    }
  }

  /** Waits until `probe` returns a value other than undefined. */
  async waitUntil<T>(description: string, probe: () => Promise<T | undefined>): Promise<T> {
    const giveUpAt = Date.now() + waitLimitMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > giveUpAt) return expect.fail(`timed out waiting for ${description}`);
      await pause();
    }
  }

  private async failOnIncident(processInstanceKey: string): Promise<void> {
    const instance = await this.service.service.engine.getInstance(processInstanceKey);
    const incidents = instance.incidents.map(
      (incident) => `${incident.elementId}: ${incident.errorMessage}`,
    );
    expect(incidents, `incidents of ${processInstanceKey}`).to.deep.equal([]);
  }
}

function pause(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, waitStepMs));
}
