import { pageText } from './i18n.js';

const $ = (selector) => document.querySelector(selector);

function isTask(element) {
  return element?.businessObject?.$instanceOf('bpmn:Task') ?? false;
}

/**
 * Wires the step template list: it is enabled while one task is selected and applies the chosen
 * element template to it, which may change the task's type (a plain task becomes a service task).
 */
export function bindTemplatePicker({ state, showError }) {
  const select = $('#template-select');
  let selected;

  const fill = () => {
    const placeholder = Object.assign(document.createElement('option'), {
      value: '',
      text: pageText(state.language, 'applyTemplate'),
    });
    const options = state.templates.map((template) =>
      Object.assign(document.createElement('option'), { value: template.id, text: template.name }),
    );
    select.replaceChildren(placeholder, ...options);
  };

  const listen = () => {
    state.modeler.on('selection.changed', ({ newSelection }) => {
      selected = newSelection.length === 1 && isTask(newSelection[0]) ? newSelection[0] : undefined;
      select.disabled = !selected;
    });
    state.modeler.on('import.done', () => fill());
  };

  select.disabled = true;
  fill();
  listen();
  select.addEventListener('change', () => {
    try {
      const elementTemplates = state.modeler.get('elementTemplates');
      const chosen = state.templates.find((template) => template.id === select.value);
      const template = chosen && elementTemplates.get(chosen.id, chosen.version);
      if (!selected || !template) return;
      const applied = elementTemplates.applyTemplate(selected, template);
      state.modeler.get('selection').select(applied);
    } catch (error) {
      showError(error);
    } finally {
      select.value = '';
    }
  });
  // A new modeler instance (after a language switch) needs the listeners again.
  state.onModelerCreated = listen;
}
