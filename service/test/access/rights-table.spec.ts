import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { describeEachDatabase } from '../support/databases.js';
import { startTestService, type TestService } from '../support/service.js';
import {
  createDraft,
  createRightsDocuments,
  draftMetadata,
  incomingMetadata,
  seededUsers,
  SNV,
  STC,
  type RightsDocuments,
  type RightsFiles,
  type SeededUser,
  uploadPdf,
} from './rights-fixtures.js';

type DocumentKey = keyof RightsDocuments;
const DOCUMENT_KEYS: DocumentKey[] = ['normal', 'mat', 'toiMat', 'tuyetMat', 'otherAgency'];

/**
 * The documents each demo user may see. Creators see their own; clerks and agency leaders see
 * their agency's; unit leaders see their unit's; participants see theirs, directly or through a
 * group; and no one sees a document above their clearance.
 */
const VISIBLE: Record<string, DocumentKey[]> = {
  'snv.anhdtn': ['normal'], // specialist TCBC, creator of normal, no clearance
  'snv.loipv': ['mat'], // specialist TCBC, creator of mat, cleared for Mật
  'snv.khanhlv': ['normal'], // specialist CCVC, takes part in normal; mat is above clearance
  'snv.yentt': [], // specialist CCVC, in the group of mat but not cleared
  'snv.thangnd': ['normal', 'mat'], // unit leader TCBC, Mật
  'snv.phuongdt': ['mat'], // unit leader CCVC, Mật, takes part in mat through unit CCVC
  'snv.lanpt': [], // unit leader VP, Mật, so toiMat of VP is above clearance
  'snv.maiht': ['normal', 'mat', 'toiMat'], // clerk, Tối mật
  'snv.hongvt': ['normal', 'mat'], // clerk, Mật
  'snv.hattt': ['normal', 'mat', 'toiMat'], // deputy director, Tối mật, takes part in tuyetMat
  'snv.hungnv': ['normal', 'mat', 'toiMat', 'tuyetMat'], // director, Tuyệt mật
  'snv.huybq': [], // administrator
  'snv.trangdt': [], // analyst and specialist of VP
  'stc.sonhv': ['otherAgency'], // director of the other agency, Tuyệt mật
  'stc.nhungtt': ['otherAgency'], // clerk of the other agency
  'stc.longhn': ['otherAgency'], // specialist of the other agency, creator
};
const USERNAMES = Object.keys(VISIBLE);

type StatusTable = Record<string, Record<string, number>>;

function expectedTable(allowed: number): StatusTable {
  return Object.fromEntries(
    USERNAMES.map((username) => [
      username,
      Object.fromEntries(
        DOCUMENT_KEYS.map((key) => [key, VISIBLE[username].includes(key) ? allowed : 403]),
      ),
    ]),
  );
}

describeEachDatabase('rights table', (database) => {
  let running: TestService;
  let users: Map<string, SeededUser>;
  let documents: RightsDocuments;
  let files: RightsFiles;

  before(async function () {
    this.timeout(120_000);
    running = await startTestService(database());
    users = await seededUsers(running);
    ({ documents, files } = await createRightsDocuments(running, users));
  });

  after(async () => {
    await running?.stop();
  });

  async function get(username: string, path: string) {
    return running
      .api()
      .get(path)
      .set('Authorization', await running.bearer(username));
  }

  async function post(username: string, path: string, body: object = {}) {
    return running
      .api()
      .post(path)
      .set('Authorization', await running.bearer(username))
      .send(body);
  }

  /** Requests `pathOf(key)` as every user for every document and returns the statuses. */
  async function statusTable(pathOf: (key: DocumentKey) => string): Promise<StatusTable> {
    const table: StatusTable = {};
    for (const username of USERNAMES) {
      table[username] = {};
      for (const key of DOCUMENT_KEYS) {
        table[username][key] = (await get(username, pathOf(key))).status;
      }
    }
    return table;
  }

  /** Returns the audit entries of a document, read by the administrator. */
  async function auditOf(documentId: string) {
    const response = await get('snv.huybq', `/api/audit?documentId=${documentId}`);
    expect(response.status).to.equal(200);
    return response.body as Array<{
      action: string;
      actor: string;
      documentId: string;
      details: Record<string, unknown>;
    }>;
  }

  it('document reads follow the table', async function () {
    this.timeout(60_000);
    // given the five documents and the demo users
    // when every user reads every document
    const table = await statusTable((key) => `/api/documents/${documents[key]}`);

    // then exactly the visible documents are 200 and the others 403
    expect(table).to.deep.equal(expectedTable(200));
  });

  it('versions follow the table', async function () {
    this.timeout(60_000);
    const table = await statusTable((key) => `/api/documents/${documents[key]}/versions`);

    expect(table).to.deep.equal(expectedTable(200));
  });

  it('version downloads follow the table', async function () {
    this.timeout(60_000);
    const table = await statusTable((key) => `/api/documents/${documents[key]}/versions/1/content`);

    expect(table).to.deep.equal(expectedTable(200));
  });

  it('file downloads follow the table', async function () {
    this.timeout(60_000);
    const table = await statusTable((key) => `/api/files/${files[key]}`);

    expect(table).to.deep.equal(expectedTable(200));
  });

  it('search lists only visible documents', async function () {
    this.timeout(60_000);
    // given the five documents
    for (const username of USERNAMES) {
      // when the user searches without filters
      const response = await get(username, '/api/documents?limit=200');

      // then the page lists exactly the documents of the table
      expect(response.status, username).to.equal(200);
      const ids = new Set(response.body.items.map((item: { id: string }) => item.id));
      const found = DOCUMENT_KEYS.filter((key) => ids.has(documents[key]));
      expect(found, username).to.deep.equal(VISIBLE[username]);
    }
  });

  it('route tasks make unit members participants', async function () {
    this.timeout(30_000);
    // given a new draft of TCBC that a colleague of the unit may not see yet
    const fileId = await uploadPdf(running, 'snv.anhdtn', 'routed');
    const documentId = await createDraft(
      running,
      'snv.anhdtn',
      draftMetadata(SNV, 'none', 'Quyết định trình ký qua quy trình'),
      fileId,
    );
    const before = await get('snv.loipv', `/api/documents/${documentId}`);

    // when the drafter starts the outgoing route, whose tasks go to the unit TCBC
    const started = await post('snv.anhdtn', '/api/routes/outgoing', {
      documentId,
      signerId: users.get('snv.hungnv')!.id,
    });
    expect(started.status, started.text).to.equal(201);
    const after = await waitForStatus('snv.loipv', `/api/documents/${documentId}`, 200);
    const otherUnit = await get('snv.yentt', `/api/documents/${documentId}`);

    // then the colleague sees it once the task exists, and a member of another unit still not
    expect(before.status).to.equal(403);
    expect(after).to.equal(200);
    expect(otherUnit.status).to.equal(403);
  });

  /** Polls `path` as `username` every 50 ms, up to 10 s, until it returns `status`. */
  async function waitForStatus(username: string, path: string, status: number) {
    let last = 0;
    for (let attempt = 0; attempt < 200; attempt += 1) {
      last = (await get(username, path)).status;
      if (last === status) return last;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return last;
  }

  it('unknown document is 404 for everyone', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';

    for (const username of ['snv.hungnv', 'snv.anhdtn', 'snv.huybq']) {
      const response = await get(username, `/api/documents/${unknown}`);
      expect(response.status, username).to.equal(404);
    }
  });

  it('refusal is a problem and an audit entry', async () => {
    // given a specialist without clearance and a Mật document
    const reader = users.get('snv.anhdtn')!;

    // when they read it
    const response = await get('snv.anhdtn', `/api/documents/${documents.mat}`);

    // then the 403 problem names the reason and the audit log records the refusal
    expect(response.status).to.equal(403);
    expect(response.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(response.body.reason).to.equal('clearance');
    const entries = await auditOf(documents.mat);
    const refusal = entries.find(
      (entry) => entry.action === 'refused' && entry.actor === reader.id,
    );
    expect(refusal, 'refused entry').to.not.equal(undefined);
    expect(refusal!.details.reason).to.equal('clearance');
    expect(refusal!.details.username).to.equal('snv.anhdtn');
    expect(refusal!.details.path).to.equal(`/api/documents/${documents.mat}`);
  });

  it('outsider refusal names not_involved', async () => {
    // given a specialist of the same unit who takes no part in the normal document
    const reader = users.get('snv.loipv')!;

    // when they read it
    const response = await get('snv.loipv', `/api/documents/${documents.normal}`);

    // then the refusal reason is not_involved
    expect(response.status).to.equal(403);
    expect(response.body.reason).to.equal('not_involved');
    const entries = await auditOf(documents.normal);
    const refusal = entries.find(
      (entry) => entry.action === 'refused' && entry.actor === reader.id,
    );
    expect(refusal?.details.reason).to.equal('not_involved');
  });

  it('creation needs role, agency and clearance', async () => {
    // given users with and without the rights to create
    // when they create drafts and incoming documents
    const secretWithout = await post(
      'snv.anhdtn',
      '/api/documents/drafts',
      draftMetadata(SNV, 'mat', 'Dự thảo mật'),
    );
    const otherAgency = await post(
      'snv.anhdtn',
      '/api/documents/drafts',
      draftMetadata(STC, 'none', 'Dự thảo cho Sở Tài chính'),
    );
    const incomingBySpecialist = await post(
      'snv.anhdtn',
      '/api/documents/incoming',
      incomingMetadata(SNV, 'none', 'Công văn đến'),
    );
    const draftByAdministrator = await post(
      'snv.huybq',
      '/api/documents/drafts',
      draftMetadata(SNV, 'none', 'Dự thảo của quản trị'),
    );
    const secretWith = await post(
      'snv.thangnd',
      '/api/documents/drafts',
      draftMetadata(SNV, 'mat', 'Dự thảo mật của trưởng phòng'),
    );
    const incomingByClerk = await post(
      'snv.hongvt',
      '/api/documents/incoming',
      incomingMetadata(SNV, 'mat', 'Công văn mật đến'),
    );

    // then each refusal is 403 with its reason, and the allowed ones are 201
    expect(secretWithout.status).to.equal(403);
    expect(secretWithout.body.reason).to.equal('clearance');
    expect(otherAgency.status).to.equal(403);
    expect(otherAgency.body.reason).to.equal('other_agency');
    expect(incomingBySpecialist.status).to.equal(403);
    expect(incomingBySpecialist.body.reason).to.equal('role');
    expect(draftByAdministrator.status).to.equal(403);
    expect(draftByAdministrator.body.reason).to.equal('role');
    expect(secretWith.status, secretWith.text).to.equal(201);
    expect(secretWith.body.document.unitId).to.equal(users.get('snv.thangnd')!.unitId);
    expect(secretWith.body.document.createdBy).to.equal(users.get('snv.thangnd')!.id);
    expect(incomingByClerk.status, incomingByClerk.text).to.equal(201);
  });

  it('attachments need a readable document', async () => {
    const body = { fileId: files.normal, fileName: 'phu-luc.pdf', mediaType: 'application/pdf' };

    const byParticipant = await post(
      'snv.khanhlv',
      `/api/documents/${documents.normal}/attachments`,
      body,
    );
    const byOutsider = await post(
      'snv.yentt',
      `/api/documents/${documents.normal}/attachments`,
      body,
    );

    expect(byParticipant.status, byParticipant.text).to.equal(201);
    expect(byOutsider.status).to.equal(403);
  });

  it('issuing needs a cleared clerk', async () => {
    // given the normal and the Tuyệt mật drafts
    // when the creator, a clerk without Tuyệt mật and a clerk of the agency issue them
    const byCreator = await post('snv.anhdtn', `/api/documents/${documents.normal}/issue`);
    const secretByClerk = await post('snv.maiht', `/api/documents/${documents.tuyetMat}/issue`);
    const byClerk = await post('snv.maiht', `/api/documents/${documents.normal}/issue`);

    // then only the cleared clerk issues the document
    expect(byCreator.status).to.equal(403);
    expect(byCreator.body.reason).to.equal('role');
    expect(secretByClerk.status).to.equal(403);
    expect(secretByClerk.body.reason).to.equal('clearance');
    expect(byClerk.status, byClerk.text).to.equal(200);
    expect(byClerk.body.document.status).to.equal('issued');
  });

  it('case files stay in their agency', async () => {
    // given a case file of Sở Nội vụ holding the normal document
    const caseFile = {
      organId: SNV,
      fileCatalog: 1,
      fileNotation: 'TCBC-01',
      title: 'Hồ sơ tổ chức bộ máy',
      maintenance: '10 năm',
      rights: 'Hạn chế',
      creator: 'Phòng TCBC',
    };
    const created = await post('snv.anhdtn', '/api/case-files', caseFile);
    expect(created.status, created.text).to.equal(201);
    const caseFileId = created.body.caseFile.id as string;
    const filed = await post('snv.anhdtn', `/api/case-files/${caseFileId}/documents`, {
      documentId: documents.normal,
    });
    expect(filed.status, filed.text).to.equal(201);

    // when colleagues, the other agency and the administrator use it
    const colleague = await get('snv.loipv', `/api/case-files/${caseFileId}`);
    const colleagueFiles = await post('snv.loipv', `/api/case-files/${caseFileId}/documents`, {
      documentId: documents.normal,
    });
    const otherAgency = await get('stc.longhn', `/api/case-files/${caseFileId}`);
    const administrator = await get('snv.huybq', `/api/case-files/${caseFileId}`);
    const foreignCaseFile = await post('stc.longhn', '/api/case-files', {
      ...caseFile,
      fileNotation: 'TCBC-02',
    });

    // then the colleague sees the case file without the document they may not read
    expect(colleague.status).to.equal(200);
    expect(colleague.body.documents).to.deep.equal([]);
    expect(colleague.body.withheldDocuments).to.equal(1);
    expect(colleagueFiles.status).to.equal(403);
    expect(otherAgency.status).to.equal(403);
    expect(otherAgency.body.reason).to.equal('other_agency');
    expect(administrator.status).to.equal(403);
    expect(administrator.body.reason).to.equal('role');
    expect(foreignCaseFile.status).to.equal(403);
    expect(foreignCaseFile.body.reason).to.equal('other_agency');
  });

  it('engine routes are for analysts and administrators', async function () {
    this.timeout(30_000);
    // given the engine's own routes
    const routes: Array<[string, string, object | undefined, number]> = [
      ['GET', '/api/processes', undefined, 200],
      ['GET', '/api/user-tasks', undefined, 200],
      ['GET', '/api/incidents', undefined, 200],
      ['POST', '/api/messages', { name: 'rights-check', correlationKey: 'none' }, 200],
      ['POST', '/api/process-instances', { bpmnProcessId: 'no-such-process' }, 404],
      ['POST', '/api/deployments', { resources: [] }, 400],
    ];
    for (const [method, path, body, allowedStatus] of routes) {
      for (const username of [
        'snv.anhdtn',
        'snv.maiht',
        'snv.hungnv',
        'snv.trangdt',
        'snv.huybq',
      ]) {
        // when each role calls it
        const response =
          method === 'GET' ? await get(username, path) : await post(username, path, body);

        // then staff get 403 and analysts and administrators reach the route
        const allowed = username === 'snv.trangdt' || username === 'snv.huybq';
        expect(response.status, `${method} ${path} as ${username}`).to.equal(
          allowed ? allowedStatus : 403,
        );
      }
    }
  });

  it('audit log is for administrators', async () => {
    const statuses = Object.fromEntries(
      await Promise.all(
        ['snv.anhdtn', 'snv.hungnv', 'snv.trangdt', 'snv.huybq'].map(
          async (username) => [username, (await get(username, '/api/audit')).status] as const,
        ),
      ),
    );

    expect(statuses).to.deep.equal({
      'snv.anhdtn': 403,
      'snv.hungnv': 403,
      'snv.trangdt': 403,
      'snv.huybq': 200,
    });
  });

  it('modeler API is for analysts', async () => {
    const analyst = await get('snv.trangdt', '/api/modeler/job-types');
    const administrator = await get('snv.huybq', '/api/modeler/job-types');
    const specialist = await get('snv.anhdtn', '/api/modeler/job-types');

    expect(analyst.status).to.equal(200);
    expect(administrator.status).to.equal(403);
    expect(specialist.status).to.equal(403);
  });

  it('uploads and signature checks are for staff', async () => {
    const pdf = Buffer.from('%PDF-1.4\n% rights\n%%EOF\n', 'latin1');
    const upload = async (username: string, path: string) =>
      running
        .api()
        .post(path)
        .set('Authorization', await running.bearer(username))
        .attach('file', pdf, { filename: 'x.pdf', contentType: 'application/pdf' });

    const uploadByAdministrator = await upload('snv.huybq', '/api/files');
    const uploadBySpecialist = await upload('snv.trangdt', '/api/files');
    const verifyByAdministrator = await upload('snv.huybq', '/api/signatures/verify');
    const verifyBySpecialist = await upload('snv.anhdtn', '/api/signatures/verify');

    expect(uploadByAdministrator.status).to.equal(403);
    expect(uploadBySpecialist.status).to.equal(201);
    expect(verifyByAdministrator.status).to.equal(403);
    expect(verifyBySpecialist.status, verifyBySpecialist.text).to.equal(200);
    expect(verifyBySpecialist.body.valid).to.equal(false);
  });

  it('unattached file is refused', async () => {
    // given a file uploaded but not attached to any document
    const pdf = Buffer.from('%PDF-1.4\n% loose\n%%EOF\n', 'latin1');
    const uploaded = await running
      .api()
      .post('/api/files')
      .set('Authorization', await running.bearer('snv.hungnv'))
      .attach('file', pdf, { filename: 'loose.pdf', contentType: 'application/pdf' });
    expect(uploaded.status).to.equal(201);

    // when the director downloads it and a file that does not exist
    const download = await get('snv.hungnv', `/api/files/${uploaded.body.id}`);
    const missing = await get('snv.hungnv', `/api/files/${'0'.repeat(64)}`);

    // then it is 403, and the unknown file 404
    expect(download.status).to.equal(403);
    expect(missing.status).to.equal(404);
  });

  it('registers are for clerks and leaders of the agency', async () => {
    const period = `organId=${SNV}&from=2026-01-01&to=2026-12-31`;
    const statusOf = async (username: string, query: string) =>
      (await get(username, `/api/registers/outgoing?${query}`)).status;

    expect(await statusOf('snv.maiht', period)).to.equal(200);
    expect(await statusOf('snv.hungnv', period)).to.equal(200);
    expect(await statusOf('snv.thangnd', period)).to.equal(200);
    expect(await statusOf('snv.anhdtn', period)).to.equal(403);
    expect(await statusOf('snv.huybq', period)).to.equal(403);
    expect(await statusOf('stc.nhungtt', period)).to.equal(403);
    expect(await statusOf('snv.hongvt', `${period}&secret=true`)).to.equal(200);
  });

  it('secret register needs clearance', async () => {
    // given a clerk without clearance, created by the administrator
    const clerk = await createUser('snv.vanthu2', ['clerk'], 'none');
    const period = `organId=${SNV}&from=2026-01-01&to=2026-12-31`;

    // when the clerk exports the register and the secret register
    const plain = await clerk.get(`/api/registers/outgoing?${period}`);
    const secret = await clerk.get(`/api/registers/outgoing?${period}&secret=true`);

    // then only the secret one is refused
    expect(plain.status).to.equal(200);
    expect(secret.status).to.equal(403);
    expect(secret.body.reason).to.equal('clearance');
  });

  it('org reads stay in the agency', async () => {
    const stcUser = users.get('stc.longhn')!;

    const ownUnits = await get('snv.anhdtn', `/api/org/units?organId=${SNV}`);
    const otherUnits = await get('snv.anhdtn', `/api/org/units?organId=${STC}`);
    const allUsers = await get('snv.anhdtn', '/api/org/users');
    const otherUser = await get('snv.anhdtn', `/api/org/users/${stcUser.id}`);
    const otherUnitUsers = await get('snv.anhdtn', `/api/org/users?unitId=${stcUser.unitId}`);
    const self = await get('stc.longhn', `/api/org/users/${stcUser.id}`);

    expect(ownUnits.status).to.equal(200);
    expect(otherUnits.status).to.equal(403);
    expect(allUsers.status).to.equal(200);
    const agencies = new Set(allUsers.body.map((user: { organId: string }) => user.organId));
    expect([...agencies]).to.deep.equal([SNV]);
    expect(otherUser.status).to.equal(403);
    expect(otherUnitUsers.status).to.equal(403);
    expect(self.status).to.equal(200);
  });

  it('organisations change only by administrators', async () => {
    const organisation = { organId: '000.00.14.H26', name: 'Sở Xây dựng', abbreviation: 'SXD' };

    const list = await get('snv.anhdtn', '/api/organisations');
    const bySpecialist = await post('snv.anhdtn', '/api/organisations', organisation);
    const byAdministrator = await post('snv.huybq', '/api/organisations', organisation);

    expect(list.status).to.equal(200);
    expect(bySpecialist.status).to.equal(403);
    expect(byAdministrator.status, byAdministrator.text).to.equal(201);
  });

  it('expired token is 401', async () => {
    // given an access token signed with the service's secret that expired a minute ago
    const secret = readFileSync(join(running.dataDir, 'jwt-secret'), 'utf8').trim();
    const user = users.get('snv.hungnv')!;
    const now = Math.floor(Date.now() / 1000);
    const token = jwt.sign(
      {
        sub: user.id,
        jti: '11111111-1111-4111-8111-111111111111',
        iat: now - 1000,
        exp: now - 60,
        username: 'snv.hungnv',
        roles: ['agency_leader'],
        organ: SNV,
        unit: user.unitId,
        clearance: 'tuyet_mat',
        sid: '22222222-2222-4222-8222-222222222222',
      },
      secret,
      { algorithm: 'HS256' },
    );

    // when it reads a document the user may otherwise see
    const response = await running
      .api()
      .get(`/api/documents/${documents.tuyetMat}`)
      .set('Authorization', `Bearer ${token}`);

    // then it is 401 with the reason, not the document
    expect(response.status).to.equal(401);
    expect(response.body.reason).to.equal('token_expired');
    expect(response.body.document).to.equal(undefined);
  });

  /** Creates a user of Sở Nội vụ's VP as the administrator and logs them in. */
  async function createUser(username: string, roles: string[], clearance: string) {
    const vp = users.get('snv.maiht')!.unitId;
    const password = 'rights-table-password';
    const created = await post('snv.huybq', '/api/org/users', {
      username,
      fullName: 'Nguyễn Thị Văn Thư',
      email: `${username}@snv.hoabinh.example.vn`,
      unitId: vp,
      position: 'van_thu',
      roles,
      clearance,
      password,
    });
    expect(created.status, created.text).to.equal(201);
    const login = await running.api().post('/api/auth/login').send({ username, password });
    expect(login.status, login.text).to.equal(200);
    const bearer = `Bearer ${login.body.accessToken as string}`;
    return { get: (path: string) => running.api().get(path).set('Authorization', bearer) };
  }
});
