import { buildProcess } from './build-process.js';
import { decodeXml, parseBpmnXml, type BpmnElement, type ParsedDefinitions } from './moddle.js';
import { ProblemCollector } from './problems.js';
import type { CompiledResource, ProcessModel } from './types.js';
import { validateProcess } from './validate.js';

/**
 * Compiles one BPMN file into the models of its executable processes. Never throws for bad
 * input: a file that is not BPMN, an unsupported element or an invalid attribute each becomes
 * a DeployProblem. Callers reject a resource that has problems. Non-executable processes
 * and collaboration or diagram content are skipped.
 */
export async function compileBpmn(
  resourceName: string,
  xml: string | Buffer,
): Promise<CompiledResource> {
  const problems = new ProblemCollector(resourceName);
  const parsed = await parseResource(resourceName, xml, problems);
  if (!parsed) return { resourceName, processes: [], problems: problems.problems };
  const executable = (parsed.definitions.rootElements ?? []).filter(
    (root) => root.$type === 'bpmn:Process' && root.isExecutable === true,
  );
  if (executable.length === 0) {
    problems.addFileProblem(
      `${resourceName} contains no executable process: set isExecutable="true" on the process ` +
        `to deploy`,
    );
  }
  const processes = executable.map((process) => compileProcess(process, problems));
  return { resourceName, processes, problems: problems.problems, warnings: parsed.warnings };
}

function compileProcess(process: BpmnElement, problems: ProblemCollector): ProcessModel {
  const built = buildProcess(process, problems);
  validateProcess(built, problems);
  return built.model;
}

async function parseResource(
  resourceName: string,
  xml: string | Buffer,
  problems: ProblemCollector,
): Promise<ParsedDefinitions | undefined> {
  let parsed: ParsedDefinitions;
  try {
    parsed = await parseBpmnXml(decodeXml(xml));
  } catch (error) {
    const reason = error instanceof Error ? describeParseError(error.message) : String(error);
    problems.addFileProblem(`${resourceName} is not a valid BPMN file: ${reason}`);
    return undefined;
  }
  // The text is decoded already, so the parser's note about the declared encoding is moot.
  parsed.warnings = parsed.warnings.filter(
    (warning) => !warning.startsWith('unsupported document encoding'),
  );
  // Unparsable content (an unknown element, a duplicate id) would be dropped silently, so it
  // rejects the file. Other warnings, such as unresolved references, stay warnings.
  const [invalid, harmless] = partition(parsed.warnings, (warning) =>
    warning.startsWith('unparsable content'),
  );
  for (const warning of invalid) {
    problems.addFileProblem(
      `${resourceName} has invalid BPMN content: ${describeParseError(warning)}`,
    );
  }
  parsed.warnings = harmless;
  return parsed;
}

/** Rewrites the parser's zero-based `line: 0 column: 5` details as one-based positions. */
function describeParseError(message: string): string {
  const match = /^([\s\S]*?)\n\tline: (\d+)\n\tcolumn: (\d+)(?:\n\tnested error: ([\s\S]*))?$/.exec(
    message,
  );
  if (!match) return message;
  const [, summary, line, column, nested] = match;
  const position = `line ${Number(line) + 1}, column ${Number(column) + 1}`;
  return nested ? `${summary} at ${position} (${nested})` : `${summary} at ${position}`;
}

function partition<T>(items: T[], predicate: (item: T) => boolean): [T[], T[]] {
  return [items.filter(predicate), items.filter((item) => !predicate(item))];
}
