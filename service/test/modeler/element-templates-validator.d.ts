/** The validator function that the tests call; the package ships no declarations. */
declare module '@bpmn-io/element-templates-validator' {
  export function validateAllZeebe(templates: unknown[]): {
    valid: boolean;
    results: Array<{ valid: boolean; errors?: unknown[] }>;
  };
}
