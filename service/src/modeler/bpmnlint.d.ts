/**
 * The parts of bpmnlint 11 that the server calls. The package ships `lib/types.d.ts` but no
 * declaration for its entry points.
 */
declare module 'bpmnlint' {
  import type { Config, Report, Resolver } from 'bpmnlint/lib/types.js';

  export class Linter {
    constructor(options: { config?: Config; resolver: Resolver });
    lint(moddleRoot: unknown, config?: Config): Promise<Record<string, Report[]>>;
  }
}

declare module 'bpmnlint/lib/resolver/node-resolver.js' {
  import type { Resolver } from 'bpmnlint/lib/types.js';

  export default class NodeResolver implements Resolver {
    constructor(options?: { require?: NodeJS.Require });
    resolveRule: Resolver['resolveRule'];
    resolveConfig: Resolver['resolveConfig'];
  }
}
