import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The languages of the modeler's labels. */
export const modelerLanguages = ['vi', 'en'] as const;
export type ModelerLanguage = (typeof modelerLanguages)[number];

/** A group that a user task can name in `candidateGroups`: a unit or a role. */
export interface CandidateGroup {
  id: string;
  name: Record<ModelerLanguage, string>;
}

const templatesDir = join(import.meta.dirname, '../../../modeler/element-templates');

/** The marker that a Dropdown property's `choices` carries to be filled with candidate groups. */
const candidateGroupChoices = 'docroute:candidate-groups';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isLabelPair(value: Json): value is { en: string; vi: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).sort().join(',') === 'en,vi'
  );
}

/**
 * Replaces every `{ en, vi }` label pair with the text in `language`, and every candidate group
 * marker with the groups as Dropdown choices.
 */
function localise(value: Json, language: ModelerLanguage, groups: CandidateGroup[]): Json {
  if (isLabelPair(value)) return value[language];
  if (value === candidateGroupChoices) {
    return groups.map((group) => ({ name: group.name[language], value: group.id }));
  }
  if (Array.isArray(value)) return value.map((item) => localise(item, language, groups));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, localise(item, language, groups)]),
    );
  }
  return value;
}

/**
 * Returns the fixed candidate groups in modeler/element-templates/candidate-groups.json: plain
 * role names, without units. The modeler offers them only when it runs without the organisation
 * (`ModelerDependencies.candidateGroups` unset); the service offers the caller's agency groups.
 */
export function listCandidateGroups(): CandidateGroup[] {
  return JSON.parse(readFileSync(join(templatesDir, 'candidate-groups.json'), 'utf8'));
}

/**
 * Returns docroute's Zeebe element templates with labels in `language` and the candidate groups
 * as the choices of the candidate group dropdowns.
 */
export function loadElementTemplates(
  language: ModelerLanguage,
  groups: CandidateGroup[] = listCandidateGroups(),
): object[] {
  const source = JSON.parse(readFileSync(join(templatesDir, 'docroute-templates.json'), 'utf8'));
  return localise(source, language, groups) as object[];
}
