/**
 * Bundles the browser modeler (bpmn-js, the properties panel, bpmnlint) with esbuild into
 * modeler/dist. Run it with `npm run build:modeler`. The service also calls `ensureModelerBundle`
 * so that a fresh clone serves a bundle without a separate build step.
 */
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { browserBundleOptions, newestModification } from '../scripts/front-end-build.js';
import { camundaCompatConfig, docroutePluginName } from './lint/lint-config.js';

export const modelerDir = import.meta.dirname;
export const modelerDistDir = join(modelerDir, 'dist');

/** The folders whose files end up in the bundle; a newer file in any of them makes it stale. */
const sourceDirs = ['src', 'lint'].map((dir) => join(modelerDir, dir));

const require = createRequire(import.meta.url);

interface CompatPlugin {
  configs: Record<string, { rules: Record<string, unknown> }>;
  rules: Record<string, string>;
}

/**
 * Writes a module that maps every rule and configuration the lint configuration needs to a
 * static import, in the cache format of bpmnlint's StaticResolver, because a browser bundle
 * cannot resolve rules by package name at run time.
 */
function lintCacheModule(): string {
  const compat = require('bpmnlint-plugin-camunda-compat') as CompatPlugin;
  const compatPackage = 'bpmnlint-plugin-camunda-compat';
  const lines = [
    `import compat from '${compatPackage}';`,
    `import { docrouteRules } from ${JSON.stringify(join(modelerDir, 'lint/lint-config.ts'))};`,
    'export const lintCache = {',
    `  'config:${compatPackage}/${camundaCompatConfig}': compat.configs['${camundaCompatConfig}'],`,
  ];
  const imports: string[] = [];
  for (const name of Object.keys(compat.configs[camundaCompatConfig]!.rules)) {
    const [pkg, ruleName, path] = name.startsWith('bpmnlint/')
      ? ['bpmnlint', name.slice('bpmnlint/'.length), `bpmnlint/rules/${name.slice(9)}`]
      : [compatPackage, name, `${compatPackage}/${compat.rules[name]!.replace(/^\.\//, '')}`];
    imports.push(`import rule${imports.length} from '${path}';`);
    lines.push(`  'rule:${pkg}/${ruleName}': rule${imports.length - 1},`);
  }
  lines.push('};');
  lines.push(`for (const [name, rule] of Object.entries(docrouteRules)) {`);
  lines.push(`  lintCache['rule:${docroutePluginName}/' + name] = rule;`);
  lines.push('}');
  return [...imports, ...lines].join('\n');
}

const lintCachePlugin: Plugin = {
  name: 'docroute-lint-cache',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^docroute:lint-cache$/ }, () => ({
      path: 'lint-cache',
      namespace: 'docroute',
    }));
    esbuild.onLoad({ filter: /.*/, namespace: 'docroute' }, () => ({
      contents: lintCacheModule(),
      resolveDir: modelerDir,
      loader: 'js',
    }));
  },
};

/** Returns true when modeler/dist is missing or older than a file it is built from. */
export function isModelerBundleStale(outdir = modelerDistDir): boolean {
  const bundle = join(outdir, 'modeler.js');
  if (!existsSync(bundle) || !existsSync(join(outdir, 'index.html'))) return true;
  const built = statSync(bundle).mtimeMs;
  return sourceDirs.some((dir) => newestModification(dir) > built);
}

/** Builds the bundle (JavaScript, CSS, fonts and the page) into `outdir`. */
export async function buildModeler(outdir = modelerDistDir): Promise<void> {
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: { modeler: join(modelerDir, 'src/main.js') },
    outdir,
    ...browserBundleOptions,
    loader: { '.eot': 'file', '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.svg': 'file' },
    plugins: [lintCachePlugin],
  });
  copyFileSync(join(modelerDir, 'src/index.html'), join(outdir, 'index.html'));
}

if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  const started = Date.now();
  await buildModeler();
  console.log(`modeler bundle written to ${modelerDistDir} in ${Date.now() - started} ms`);
}
