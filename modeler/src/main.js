import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import 'bpmn-js-element-templates/dist/assets/element-templates.css';
import 'bpmn-js-bpmnlint/dist/assets/css/bpmn-js-bpmnlint.css';
import './styles.css';
import { api } from './api.js';
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

async function importXml(xml) {
  instanceView.stop();
  const { warnings } = await state.modeler.importXML(xml);
  state.modeler.get('canvas').zoom('fit-viewport', 'auto');
  return { warnings };
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
  document.body.dataset.ready = 'false';
  const { xml } = await state.modeler.saveXML({ format: true });
  state.language = language;
  storeLanguage(language);
  translatePage(language);
  versionsPanel.language = language;
  await createModelerInstance(xml);
  document.body.dataset.ready = 'true';
}

const instanceView = new InstanceView({
  getModeler: () => state.modeler,
  onStatus: ({ instance, error }) => {
    if (error) return showError(error);
    const text = pageText(state.language, 'instance', {
      key: instance.processInstanceKey,
      state: instance.state,
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

async function main() {
  translatePage(state.language);
  $('#language').value = state.language;
  $('#language').addEventListener('change', (event) =>
    switchLanguage(event.target.value).catch(showError),
  );
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
  document.body.dataset.ready = 'true';
}

main().catch(showError);
