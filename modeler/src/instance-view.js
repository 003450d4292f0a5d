import { api } from './api.js';

/** Milliseconds between two reads of a watched instance. */
const pollIntervalMs = 1000;

const markers = ['dr-active', 'dr-completed', 'dr-taken', 'dr-incident'];

/**
 * Shows a process instance on the canvas: active elements, completed elements and the sequence
 * flows taken between them, and incidents as overlays. Polls until the instance ends.
 */
export class InstanceView {
  constructor({ getModeler, onStatus }) {
    this.getModeler = getModeler;
    this.onStatus = onStatus;
    this.timer = undefined;
    this.marked = [];
  }

  /** Starts watching `processInstanceKey`, replacing any instance watched before. */
  watch(processInstanceKey) {
    this.stop();
    this.processInstanceKey = processInstanceKey;
    this.poll();
  }

  stop() {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.processInstanceKey = undefined;
    this.clear();
  }

  async poll() {
    const key = this.processInstanceKey;
    if (!key) return;
    try {
      const instance = await api.instance(key);
      if (key !== this.processInstanceKey) return;
      this.render(instance);
      if (instance.state === 'ACTIVE') this.timer = setTimeout(() => this.poll(), pollIntervalMs);
    } catch (error) {
      this.onStatus({ error });
    }
  }

  clear() {
    const modeler = this.getModeler();
    const canvas = modeler.get('canvas');
    const registry = modeler.get('elementRegistry');
    for (const [id, marker] of this.marked) {
      if (registry.get(id)) canvas.removeMarker(id, marker);
    }
    this.marked = [];
    modeler.get('overlays').remove({ type: 'dr-incident' });
  }

  mark(id, marker) {
    const registry = this.getModeler().get('elementRegistry');
    if (!registry.get(id)) return;
    this.getModeler().get('canvas').addMarker(id, marker);
    this.marked.push([id, marker]);
  }

  render(instance) {
    this.clear();
    const active = new Set(instance.activeElements.map((element) => element.elementId));
    const completed = new Set(
      instance.history.filter((e) => e.state === 'COMPLETED').map((e) => e.elementId),
    );
    const visited = new Set(instance.history.map((element) => element.elementId));
    for (const id of completed) if (!active.has(id)) this.mark(id, 'dr-completed');
    for (const id of active) this.mark(id, 'dr-active');
    this.markTakenFlows(completed, visited);
    this.showIncidents(instance.incidents.filter((incident) => incident.state !== 'RESOLVED'));
    this.onStatus({ instance });
  }

  /** Marks a sequence flow whose source completed and whose target was entered. */
  markTakenFlows(completed, visited) {
    const registry = this.getModeler().get('elementRegistry');
    for (const flow of registry.filter((element) => element.type === 'bpmn:SequenceFlow')) {
      if (completed.has(flow.source?.id) && visited.has(flow.target?.id)) {
        this.mark(flow.id, 'dr-taken');
      }
    }
  }

  showIncidents(incidents) {
    const overlays = this.getModeler().get('overlays');
    for (const incident of incidents) {
      this.mark(incident.elementId, 'dr-incident');
      if (!this.getModeler().get('elementRegistry').get(incident.elementId)) continue;
      const badge = document.createElement('div');
      badge.className = 'dr-incident-badge';
      badge.textContent = incident.errorMessage;
      overlays.add(incident.elementId, 'dr-incident', {
        position: { bottom: -8, left: 0 },
        html: badge,
      });
    }
  }
}

export { markers as instanceMarkers };
