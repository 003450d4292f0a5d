import { ValidationError } from '../errors/index.js';

export interface NotationParts {
  number: number;
  /** Type abbreviation (`QĐ`), or null for a công văn, which names the drafting unit instead. */
  typeAbbreviation: string | null;
  /** Abbreviation of the issuing organisation (`BNV`, `UBND`). */
  organAbbreviation: string;
  /** Abbreviation of the drafting unit (`VP`), required when there is no type abbreviation. */
  unitAbbreviation?: string | null;
}

export interface Notation {
  /** CodeNumber: numbers below 10 get a leading zero, as in `05`. */
  codeNumber: string;
  /** CodeNotation: the part after the slash, such as `QĐ-BNV` or `UBND-VP`. */
  codeNotation: string;
  /** The whole `Số` line value, such as `123/QĐ-BNV`. */
  full: string;
}

const CODE_NOTATION_LIMIT = 30;

/**
 * Builds a document's number and notation: `123/QĐ-BNV` for a document type with an
 * abbreviation, `15/UBND-VP` (organisation, then drafting unit) for a công văn.
 */
export function buildNotation(parts: NotationParts): Notation {
  const codeNumber = parts.number < 10 ? `0${parts.number}` : String(parts.number);
  let codeNotation: string;
  if (parts.typeAbbreviation !== null) {
    codeNotation = `${parts.typeAbbreviation}-${parts.organAbbreviation}`;
  } else {
    if (!parts.unitAbbreviation) {
      throw new ValidationError(
        'unitAbbreviation is missing, but a document without a type abbreviation (công văn) is ' +
          'numbered with the drafting unit, as in 15/UBND-VP',
        { field: 'unitAbbreviation', value: parts.unitAbbreviation },
      );
    }
    codeNotation = `${parts.organAbbreviation}-${parts.unitAbbreviation}`;
  }
  if ([...codeNotation].length > CODE_NOTATION_LIMIT) {
    throw new ValidationError(
      `notation ${codeNotation} is longer than ${CODE_NOTATION_LIMIT} characters. Use shorter abbreviations`,
      { field: 'codeNotation', value: codeNotation, limit: CODE_NOTATION_LIMIT },
    );
  }
  return { codeNumber, codeNotation, full: `${codeNumber}/${codeNotation}` };
}
