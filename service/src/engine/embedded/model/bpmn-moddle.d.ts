/**
 * The part of bpmn-moddle 10 that the compiler calls. The package's own types are published
 * under `bpmn-moddle/types` only, so its main entry has no declaration.
 */
declare module 'bpmn-moddle' {
  export interface ImportWarning {
    message: string;
  }

  export interface ImportResult {
    rootElement: unknown;
    warnings?: ImportWarning[];
  }

  export class BpmnModdle {
    constructor(packages?: Record<string, object>);
    fromXML(xml: string, typeName?: string): Promise<ImportResult>;
  }
}
