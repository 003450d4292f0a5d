import { api } from './api.js';
import { pageText } from './i18n.js';

const $ = (selector) => document.querySelector(selector);

function download(name, type, content) {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([content], { type }));
  link.download = name;
  link.click();
  URL.revokeObjectURL(link.href);
}

/** Fills the "open from server" list with the saved drafts and the deployed processes. */
async function fillServerList(select, language) {
  const [drafts, processes] = await Promise.all([api.drafts(), api.processes()]);
  const group = (label, options) => {
    const element = document.createElement('optgroup');
    element.label = label;
    element.append(...options);
    return element;
  };
  const option = (value, text) => Object.assign(document.createElement('option'), { value, text });
  select.replaceChildren(
    option('', pageText(language, 'openServer')),
    group(
      pageText(language, 'drafts'),
      drafts.map((d) => option(`draft:${d.id}`, `${d.name ?? d.bpmnProcessId} (#${d.id})`)),
    ),
    group(
      pageText(language, 'deployed'),
      processes.map((p) =>
        option(
          `process:${p.versions[0].processDefinitionKey}`,
          `${p.name ?? p.bpmnProcessId} v${p.latestVersion}`,
        ),
      ),
    ),
  );
}

async function openFromServer(value, importXml, state) {
  const [kind, key] = value.split(':');
  if (kind === 'draft') {
    const draft = await api.draft(key);
    await importXml(draft.xml);
    state.draftId = draft.id;
  } else {
    await importXml(await api.processXml(key));
    state.draftId = undefined;
  }
}

/** Saves the open diagram as a draft and then deploys that draft. */
async function saveAndDeploy(state, showStatus) {
  const { xml } = await state.modeler.saveXML({ format: true });
  const draft = await api.saveDraft(xml);
  state.draftId = draft.id;
  const result = await api.deployDraft(draft.id).catch((error) => {
    error.message = `${pageText(state.language, 'deployFailed')}: ${error.message}`;
    throw error;
  });
  showStatus(pageText(state.language, 'deployedVersion', { version: result.draft.processVersion }));
  return result;
}

/** Wires new, open (server or disk), save, deploy and the two downloads. */
export function bindFileActions({
  state,
  importXml,
  newDiagramXml,
  openProcessId,
  showStatus,
  showError,
}) {
  const on = (action, handler) =>
    $(`[data-action="${action}"]`).addEventListener('click', () => {
      showStatus('');
      handler().catch(showError);
    });
  on('new', async () => {
    await importXml(newDiagramXml());
    state.draftId = undefined;
  });
  const serverList = $('#open-server');
  serverList.addEventListener('focus', () =>
    fillServerList(serverList, state.language).catch(showError),
  );
  serverList.addEventListener('change', () => {
    showStatus('');
    if (serverList.value) openFromServer(serverList.value, importXml, state).catch(showError);
  });
  $('#open-file').addEventListener('change', async (event) => {
    showStatus('');
    const file = event.target.files[0];
    // Emptied, so that choosing the same file again opens it again.
    event.target.value = '';
    if (file) importXml(await file.text(), file.name).catch(showError);
  });
  on('save', async () => {
    const { xml } = await state.modeler.saveXML({ format: true });
    state.draftId = (await api.saveDraft(xml)).id;
    showStatus(pageText(state.language, 'saved'));
  });
  on('deploy', () => saveAndDeploy(state, showStatus));
  on('download-bpmn', async () => {
    const { xml } = await state.modeler.saveXML({ format: true });
    download(`${openProcessId()}.bpmn`, 'application/xml', xml);
  });
  on('download-svg', async () => {
    const { svg } = await state.modeler.saveSVG();
    download(`${openProcessId()}.svg`, 'image/svg+xml', svg);
  });
}
