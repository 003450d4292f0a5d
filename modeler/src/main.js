import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import 'bpmn-js-element-templates/dist/assets/element-templates.css';
import 'bpmn-js-bpmnlint/dist/assets/css/bpmn-js-bpmnlint.css';
import './styles.css';
import { api, hasSession, logIn, logOut, session } from './api.js';
import { createModeler, newDiagramXml } from './create-modeler.js';
import { bindFileActions } from './file-actions.js';
import { currentLanguage, pageText, storeLanguage, translatePage } from './i18n.js';
import { InstanceView } from './instance-view.js';
import { bindTemplatePicker } from './template-picker.js';
import { VersionsPanel } from './versions-panel.js';

const $ = (selector) => document.querySelector(selector);

/** The page state: the modeler and what is open in it. */
const state = {
  language: currentLanguage(),
  modeler: undefined,
  templates: [],
  jobTypes: [],
  /** The draft that the open diagram was last saved as, if any. */
  draftId: undefined,
};

/** Shows a message in the status line; errors also go to the console. */
function showStatus(message, isError = false) {
  const status = $('#status');
  status.textContent = message;
  status.classList.toggle('dr-error', isError);
  if (isError) console.error(message);
}

function showError(error) {
  const problems = error.problem?.problems ?? [];
  const details = problems.map((p) => `${p.elementId}: ${p.message}`).join('; ');
  showStatus(`${error.message}${details ? ` (${details})` : ''}`, true);
}

const diNamespace = 'http://www.omg.org/spec/BPMN/20100524/DI';

/**
 * Tells whether `xml` carries a diagram layout, without which bpmn-js draws nothing. XML that
 * does not parse counts as laid out, so that the import reports the parse error itself.
 */
function hasLayout(xml) {
  const parsed = new DOMParser().parseFromString(xml, 'application/xml');
  if (parsed.getElementsByTagName('parsererror').length > 0) return true;
  return parsed.getElementsByTagNameNS(diNamespace, 'BPMNPlane').length > 0;
}

/**
 * Opens `xml` in the modeler. A file without layout is rejected before the import, and a failed
 * import restores the previous diagram, so that deploy and save always have a diagram to read.
 */
async function importXml(xml, name = 'BPMN') {
  if (!hasLayout(xml)) throw new Error(pageText(state.language, 'noLayout', { name }));
  instanceView.stop();
  const previous = state.modeler.getDefinitions()
    ? (await state.modeler.saveXML()).xml
    : newDiagramXml();
  try {
    const { warnings } = await state.modeler.importXML(xml);
    state.modeler.get('canvas').zoom('fit-viewport', 'auto');
    return { warnings };
  } catch (error) {
    await state.modeler.importXML(previous);
    throw new Error(`${pageText(state.language, 'importFailed')}: ${error.message}`, {
      cause: error,
    });
  }
}

/** Returns the id of the open diagram's executable process, or of its only process. */
function openProcessId() {
  const definitions = state.modeler.getDefinitions();
  const processes = definitions.rootElements.filter((e) => e.$type === 'bpmn:Process');
  return (processes.find((p) => p.isExecutable) ?? processes[0])?.id;
}

async function createModelerInstance(xml) {
  if (state.modeler) instanceView.stop();
  state.modeler?.destroy();
  state.templates = await api.elementTemplates(state.language);
  state.modeler = createModeler({
    canvas: $('#canvas'),
    properties: $('#properties'),
    language: state.language,
    templates: state.templates,
    jobTypes: state.jobTypes,
  });
  state.onModelerCreated?.();
  await importXml(xml);
}

async function switchLanguage(language) {
  state.language = language;
  storeLanguage(language);
  translatePage(language);
  for (const select of ['#language', '#login-language']) $(select).value = language;
  versionsPanel.language = language;
  if (!state.modeler) return;
  document.body.dataset.ready = 'false';
  const { xml } = await state.modeler.saveXML({ format: true });
  await createModelerInstance(xml);
  document.body.dataset.ready = 'true';
}

/** Shows one of the page's views: `login`, `refused` or `workspace`. */
function showView(view) {
  document.body.dataset.view = view;
  $('#login').hidden = view !== 'login';
  $('#refused').hidden = view !== 'refused';
  $('#workspace').hidden = view !== 'workspace';
  if (view === 'login') $('#login-username').focus();
}

const instanceView = new InstanceView({
  getModeler: () => state.modeler,
  onStatus: ({ instance, error }) => {
    if (error) return showError(error);
    const text = pageText(state.language, 'instance', {
      key: instance.processInstanceKey,
      state: pageText(state.language, instance.state),
    });
    $('#instance-status').textContent = text;
    $('#instance-status').dataset.state = instance.state;
    const incidents = instance.incidents.filter((i) => i.state !== 'RESOLVED');
    $('#incidents').replaceChildren(
      ...incidents.map((incident) => {
        const item = document.createElement('li');
        item.textContent = `${incident.elementId}: ${incident.errorMessage}`;
        return item;
      }),
    );
  },
});

const versionsPanel = new VersionsPanel({
  root: $('#versions'),
  language: state.language,
  onOpen: (key) => api.processXml(key).then(importXml).catch(showError),
  onError: showError,
});

/** Loads the deployed version of the open route, starts an instance and watches it. */
async function startTestInstance() {
  const bpmnProcessId = openProcessId();
  const created = await api.startInstance(bpmnProcessId);
  await importXml(await api.processXml(created.processDefinitionKey));
  instanceView.watch(created.processInstanceKey);
}

/** Creates the modeler with an empty diagram and wires the toolbar, once per page load. */
async function startWorkspace() {
  state.jobTypes = await api.jobTypes();
  await createModelerInstance(newDiagramXml());
  bindFileActions({ state, importXml, newDiagramXml, openProcessId, showStatus, showError });
  bindTemplatePicker({ state, showError });
  $('[data-action="versions"]').addEventListener('click', () =>
    versionsPanel.show(openProcessId()).catch(showError),
  );
  $('[data-action="start-instance"]').addEventListener('click', () =>
    startTestInstance().catch(showError),
  );
  // For browser tests and the console: the modeler and the import function.
  window.docroute = {
    get modeler() {
      return state.modeler;
    },
    importXml,
    state,
  };
}

/**
 * Opens the workspace for the logged-in user when they hold the analyst role, and otherwise
 * shows the refusal. The API checks the role too, so the page only avoids a workspace that cannot
 * load.
 */
async function enter() {
  const me = await api.me();
  if (!me.roles.includes('analyst')) {
    $('#refused-message').textContent = pageText(state.language, 'notAnalyst', {
      name: me.fullName,
      username: me.username,
    });
    showView('refused');
    return;
  }
  $('#user-name').textContent = me.fullName;
  showView('workspace');
  if (!state.modeler) await startWorkspace();
  document.body.dataset.ready = 'true';
}

function bindSession() {
  session.onLoggedOut = () => showView('login');
  $('#login-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('#login-error').textContent = '';
    try {
      await logIn($('#login-username').value, $('#login-password').value);
      $('#login-password').value = '';
      await enter();
    } catch (error) {
      const seconds = error.problem?.retryAfterSeconds;
      $('#login-error').textContent =
        error.status === 429 && typeof seconds === 'number'
          ? pageText(state.language, 'loginLimited', {
              minutes: Math.max(1, Math.ceil(seconds / 60)),
            })
          : error.message;
    }
  });
  const leave = async () => {
    await logOut();
    // A fresh page drops the diagram and everything the previous user loaded.
    location.reload();
  };
  $('[data-action="log-out"]').addEventListener('click', () => leave().catch(showError));
  $('[data-action="switch-user"]').addEventListener('click', () => leave().catch(showError));
}

async function main() {
  translatePage(state.language);
  for (const select of ['#language', '#login-language']) {
    $(select).value = state.language;
    $(select).addEventListener('change', (event) =>
      switchLanguage(event.target.value).catch(showError),
    );
  }
  bindSession();
  if (!hasSession()) {
    showView('login');
    return;
  }
  try {
    await enter();
  } catch (error) {
    // A session that could not be refreshed has switched to the login form in `onLoggedOut`.
    if (error.status !== 401) throw error;
  }
}

main().catch(showError);
