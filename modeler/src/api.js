/** Calls to the docroute API. Failed requests throw an Error with the problem's detail. */

async function request(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const type = response.headers.get('Content-Type') ?? '';
  const payload = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    const error = new Error(payload?.detail ?? `${method} ${path} failed with ${response.status}`);
    error.problem = payload;
    throw error;
  }
  return payload;
}

export const api = {
  elementTemplates: (language) => request('GET', `/api/modeler/element-templates?lang=${language}`),
  jobTypes: () => request('GET', '/api/modeler/job-types'),
  drafts: () => request('GET', '/api/modeler/drafts'),
  draft: (id) => request('GET', `/api/modeler/drafts/${id}`),
  saveDraft: (xml) => request('POST', '/api/modeler/drafts', { xml }),
  deployDraft: (id) => request('POST', `/api/modeler/drafts/${id}/deployment`),
  versions: (bpmnProcessId) =>
    request('GET', `/api/modeler/processes/${encodeURIComponent(bpmnProcessId)}/versions`),
  diff: (from, to) => request('GET', `/api/modeler/diff?from=${from}&to=${to}`),
  processes: () => request('GET', '/api/processes'),
  processXml: (key) => request('GET', `/api/processes/${key}/xml`),
  startInstance: (bpmnProcessId, version) =>
    request('POST', '/api/process-instances', { bpmnProcessId, version }),
  instance: (key) => request('GET', `/api/process-instances/${key}`),
};
