import { DEMO_AGENCIES, DEMO_PASSWORDS } from '../service/src/org/demo-seed.data.js';

/**
 * A small HTTP client of a running docroute for the demo: it logs the seeded users in with their
 * demo passwords, finds their open tasks and completes them, as the task list UI would.
 */

const pollStepMs = 100;
const waitLimitMs = 60_000;

export interface DemoTask {
  key: string;
  elementId: string;
  processInstanceKey: string;
  documentId: string | null;
  candidateGroups: string[];
}

/** One step taken by a user, for the summary. */
export interface DemoStep {
  route: string;
  element: string;
  user: string;
  decision?: string;
  comment?: string;
}

/** Returns the demo password of a seeded user: the password of the user's first role. */
export function demoPassword(username: string): string {
  const user = DEMO_AGENCIES.flatMap((agency) => agency.users).find(
    (candidate) => candidate.username === username,
  );
  if (!user) throw new Error(`${username} is not a seeded demo user`);
  return DEMO_PASSWORDS[user.roles[0]!];
}

export class DemoClient {
  readonly steps: DemoStep[] = [];
  private readonly tokens = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  /** Sends a request as `username` and returns the parsed JSON body, throwing on an error status. */
  async call(username: string, method: string, path: string, body?: unknown): Promise<unknown> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${await this.token(username)}`,
    };
    let payload: string | FormData | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body: payload });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`${method} ${path} as ${username} failed with ${response.status}: ${text}`);
    }
    return text === '' ? undefined : JSON.parse(text);
  }

  /** Downloads a binary response as `username`. */
  async download(username: string, path: string): Promise<Buffer> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      headers: { authorization: `Bearer ${await this.token(username)}` },
    });
    if (!response.ok) throw new Error(`GET ${path} failed with ${response.status}`);
    return Buffer.from(await response.arrayBuffer());
  }

  /** Uploads a PDF as `username` and returns its file id. */
  async uploadPdf(username: string, pdf: Buffer, name: string): Promise<string> {
    const form = new FormData();
    form.append('file', new Blob([pdf], { type: 'application/pdf' }), name);
    const stored = (await this.call(username, 'POST', '/api/files', form)) as { id: string };
    return stored.id;
  }

  /** Waits until `username` has the open task `elementId` of the instance, and returns it. */
  async waitForTask(
    username: string,
    processInstanceKey: string,
    elementId: string,
    candidateGroup?: string,
  ): Promise<DemoTask> {
    return this.poll(`task ${elementId} for ${username}`, async () => {
      const page = (await this.call(username, 'GET', '/api/tasks?state=open&limit=100')) as {
        items: DemoTask[];
      };
      return page.items.find(
        (task) =>
          task.processInstanceKey === processInstanceKey &&
          task.elementId === elementId &&
          (candidateGroup === undefined || task.candidateGroups.includes(candidateGroup)),
      );
    });
  }

  /** Waits for the task and completes it in one touch, recording the step. */
  async complete(
    username: string,
    route: { name: string; key: string; candidateGroup?: string },
    elementId: string,
    body: { decision?: string; comment?: string; variables?: Record<string, unknown> } = {},
  ): Promise<DemoTask> {
    const task = await this.waitForTask(username, route.key, elementId, route.candidateGroup);
    await this.call(username, 'POST', `/api/tasks/${task.key}/completion`, body);
    this.steps.push({
      route: route.name,
      element: elementId,
      user: username,
      ...(body.decision ? { decision: body.decision } : {}),
      ...(body.comment ? { comment: body.comment } : {}),
    });
    return task;
  }

  /** Polls `probe` every 100 ms until it returns a value, failing after a minute. */
  async poll<T>(description: string, probe: () => Promise<T | undefined>): Promise<T> {
    const giveUpAt = Date.now() + waitLimitMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > giveUpAt) throw new Error(`timed out after 60 s waiting for ${description}`);
      await new Promise((resolve) => setTimeout(resolve, pollStepMs));
    }
  }

  private async token(username: string): Promise<string> {
    const known = this.tokens.get(username);
    if (known) return known;
    const response = await fetch(`${this.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: demoPassword(username) }),
    });
    if (!response.ok) {
      throw new Error(
        `login of ${username} failed with ${response.status}: ${await response.text()}`,
      );
    }
    const { accessToken } = (await response.json()) as { accessToken: string };
    this.tokens.set(username, accessToken);
    return accessToken;
  }
}
