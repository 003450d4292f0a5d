import Modeler from 'bpmn-js/lib/Modeler';
import {
  BpmnPropertiesPanelModule,
  BpmnPropertiesProviderModule,
  ZeebePropertiesProviderModule,
} from 'bpmn-js-properties-panel';
import { CloudElementTemplatesPropertiesProviderModule } from 'bpmn-js-element-templates';
import lintModule from 'bpmn-js-bpmnlint';
import StaticResolver from 'bpmnlint/lib/resolver/static-resolver';
import ZeebeBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-cloud';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import { lintCache } from 'docroute:lint-cache';
import { createLintConfig } from '../lint/lint-config.ts';
import { createTranslateModule } from './i18n.js';

/**
 * Creates a bpmn-js modeler for Zeebe: properties panel with the Zeebe provider, docroute's
 * element templates, and linting with the rules that the server enforces at deploy.
 */
export function createModeler({ canvas, properties, language, templates, jobTypes }) {
  return new Modeler({
    container: canvas,
    propertiesPanel: { parent: properties },
    elementTemplates: templates,
    linting: {
      active: true,
      bpmnlint: { config: createLintConfig(jobTypes), resolver: new StaticResolver(lintCache) },
    },
    additionalModules: [
      BpmnPropertiesPanelModule,
      BpmnPropertiesProviderModule,
      ZeebePropertiesProviderModule,
      CloudElementTemplatesPropertiesProviderModule,
      ZeebeBehaviorsModule,
      lintModule,
      createTranslateModule(language),
    ],
    moddleExtensions: { zeebe: zeebeModdle },
  });
}

/** Returns the XML of a new executable route with one start event. */
export function newDiagramXml() {
  const suffix = Math.random().toString(36).slice(2, 8);
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"
  xmlns:modeler="http://camunda.org/schema/modeler/1.0"
  id="definitions-${suffix}" targetNamespace="http://bpmn.io/schema/bpmn"
  modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.8.0">
  <bpmn:process id="route-${suffix}" isExecutable="true">
    <bpmn:startEvent id="start" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="diagram">
    <bpmndi:BPMNPlane id="plane" bpmnElement="route-${suffix}">
      <bpmndi:BPMNShape id="start_di" bpmnElement="start">
        <dc:Bounds x="180" y="160" width="36" height="36" />
      </bpmndi:BPMNShape>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>`;
}
