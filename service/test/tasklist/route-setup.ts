import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { eventually } from '../http/harness.js';
import type { TestService } from '../support/service.js';

/** OrganId of Sở Nội vụ in the demo organisation. */
export const DEMO_AGENCY = '000.00.12.H26';

interface TaskRow {
  key: string;
  elementId: string;
  documentId: string | null;
}

/** Returns the id of a demo user, looked up through the organisation API. */
export async function userId(service: TestService, username: string): Promise<string> {
  const response = await service
    .api()
    .get('/api/org/users')
    .query({ organId: DEMO_AGENCY })
    .set('Authorization', await service.bearer(username));
  expect(response.status, response.text).to.equal(200);
  const user = (response.body as { id: string; username: string }[]).find(
    (candidate) => candidate.username === username,
  );
  if (!user) throw new Error(`${username} is missing from ${DEMO_AGENCY}`);
  return user.id;
}

/** Waits until the task list of `username` has an open `elementId` task on the document. */
export async function openTaskOf(
  service: TestService,
  username: string,
  documentId: string,
  elementId: string,
): Promise<TaskRow> {
  const authorization = await service.bearer(username);
  const matches = (rows: TaskRow[]) =>
    rows.filter((row) => row.documentId === documentId && row.elementId === elementId);
  const rows = await eventually(
    async () => {
      const response = await service
        .api()
        .get('/api/tasks')
        .query({ state: 'open', limit: 100 })
        .set('Authorization', authorization);
      expect(response.status, response.text).to.equal(200);
      return response.body.items as TaskRow[];
    },
    (items) => matches(items).length > 0,
    250,
  );
  const task = matches(rows)[0];
  if (!task) throw new Error(`${username} has no open ${elementId} task on ${documentId}`);
  return task;
}

/**
 * Creates an outgoing draft with `pdf` as the specialist snv.anhdtn, starts the outgoing route with
 * the director as signer, completes the drafting step, and returns the document id once the unit
 * leader snv.thangnd has the review task.
 */
export async function draftAwaitingReview(
  service: TestService,
  pdf: string,
  subject: string,
): Promise<{ documentId: string; reviewTaskKey: string }> {
  const drafter = await service.bearer('snv.anhdtn');
  const upload = await service
    .api()
    .post('/api/files')
    .set('Authorization', drafter)
    .attach('file', readFileSync(pdf), 'du-thao.pdf');
  expect(upload.status, upload.text).to.equal(201);
  const draft = await service
    .api()
    .post('/api/documents/drafts')
    .set('Authorization', drafter)
    .send({ organId: DEMO_AGENCY, typeCode: 'TB', subject, priority: 2, fileId: upload.body.id });
  expect(draft.status, draft.text).to.equal(201);
  const documentId = draft.body.document.id as string;

  const route = await service
    .api()
    .post('/api/routes/outgoing')
    .set('Authorization', drafter)
    .send({ documentId, signerId: await userId(service, 'snv.hungnv') });
  expect(route.status, route.text).to.equal(201);

  const drafting = await openTaskOf(service, 'snv.anhdtn', documentId, 'draft');
  const completion = await service
    .api()
    .post(`/api/tasks/${drafting.key}/completion`)
    .set('Authorization', drafter)
    .send({ variables: { fileId: upload.body.id, versionNote: 'du-thao.pdf' } });
  expect(completion.status, completion.text).to.be.oneOf([200, 204]);

  const review = await openTaskOf(service, 'snv.thangnd', documentId, 'review-by-unit-leader');
  return { documentId, reviewTaskKey: review.key };
}
