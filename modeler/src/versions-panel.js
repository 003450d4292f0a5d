import { api } from './api.js';
import { pageText } from './i18n.js';

function cell(text) {
  const td = document.createElement('td');
  td.textContent = text;
  return td;
}

/** Renders a diff as three lists: added, removed, and changed with their attributes. */
function renderDiff(container, diff, language) {
  container.replaceChildren();
  for (const kind of ['added', 'removed', 'changed']) {
    const heading = document.createElement('h4');
    heading.textContent = `${pageText(language, kind)} (${diff[kind].length})`;
    const list = document.createElement('ul');
    list.className = `dr-diff-${kind}`;
    for (const element of diff[kind]) {
      const item = document.createElement('li');
      item.dataset.elementId = element.id;
      const changes = (element.changes ?? []).map((c) => c.attribute).join(', ');
      item.textContent = `${element.id} (${element.type})${changes ? `: ${changes}` : ''}`;
      list.append(item);
    }
    container.append(heading, list);
  }
}

/** The list of deployed versions of the open process, with opening and comparing. */
export class VersionsPanel {
  constructor({ root, language, onOpen, onError }) {
    this.root = root;
    this.language = language;
    this.onOpen = onOpen;
    this.onError = onError;
  }

  async show(bpmnProcessId) {
    const versions = await api.versions(bpmnProcessId);
    const table = document.createElement('table');
    table.className = 'dr-versions';
    const header = document.createElement('tr');
    for (const key of ['version', 'deployedAt', 'deployedBy']) {
      header.append(cell(pageText(this.language, key)));
    }
    header.append(cell(''), cell(''));
    table.append(header);
    for (const version of versions) table.append(this.row(version));
    const compare = document.createElement('button');
    compare.textContent = pageText(this.language, 'compare');
    compare.dataset.action = 'compare';
    const diff = document.createElement('div');
    diff.className = 'dr-diff';
    compare.addEventListener('click', () => this.compare(table, diff).catch(this.onError));
    this.root.replaceChildren(table, compare, diff);
    this.root.hidden = false;
  }

  row(version) {
    const row = document.createElement('tr');
    row.dataset.version = String(version.version);
    row.append(
      cell(String(version.version)),
      cell(new Date(version.deployedAt).toLocaleString(this.language)),
      cell(version.deployedBy ?? '—'),
    );
    const pick = document.createElement('input');
    pick.type = 'checkbox';
    pick.value = version.processDefinitionKey;
    const open = document.createElement('button');
    open.textContent = pageText(this.language, 'open');
    open.addEventListener('click', () => this.onOpen(version.processDefinitionKey));
    const pickCell = document.createElement('td');
    pickCell.append(pick);
    const openCell = document.createElement('td');
    openCell.append(open);
    row.append(pickCell, openCell);
    return row;
  }

  /** Diffs the two checked versions, older first. */
  async compare(table, container) {
    const rows = [...table.querySelectorAll('tr[data-version]')].filter(
      (row) => row.querySelector('input').checked,
    );
    if (rows.length !== 2) throw new Error('select exactly two versions to compare');
    const [newer, older] = rows.map((row) => row.querySelector('input').value);
    renderDiff(container, await api.diff(older, newer), this.language);
  }
}
