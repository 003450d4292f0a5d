import { PDFDict, PDFName, PDFRawStream } from '@cantoo/pdf-lib';
import type { PDFContext } from '@cantoo/pdf-lib';
import {
  arrayOfNumbers,
  decodeStream,
  isWhitespace,
  numberEntry,
  parseDictionaryAt,
  parseIndirectObjectAt,
} from './pdf-objects.js';
import { unsignable } from './pdf-structure.js';

/** Location of an object in the newest revision: a byte offset, an object stream, or none (free). */
export type XrefEntry =
  | { kind: 'offset'; offset: number; generation: number }
  | { kind: 'compressed'; streamNumber: number; index: number }
  | { kind: 'free' };

/** The entries of one cross-reference section. */
interface SectionEntries {
  get(objectNumber: number): XrefEntry | undefined;
  readonly maxObjectNumber: number;
}

/** The cross-reference chain, newest section first; each object resolves to its newest entry. */
export class XrefIndex {
  readonly trailer: PDFDict;
  readonly maxObjectNumber: number;
  private readonly sections: SectionEntries[];

  constructor(sections: SectionEntries[], trailer: PDFDict) {
    this.sections = sections;
    this.trailer = trailer;
    this.maxObjectNumber = Math.max(0, ...sections.map((section) => section.maxObjectNumber));
  }

  entry(objectNumber: number): XrefEntry | undefined {
    for (const section of this.sections) {
      const entry = section.get(objectNumber);
      if (entry) return entry;
    }
    return undefined;
  }
}

const MAX_SECTIONS = 10_000;

/**
 * Reads the cross-reference chain that starts at `startXref`, following /Prev and, in hybrid
 * files, /XRefStm. Table entries are read when looked up, so a signature costs little on files
 * with many objects.
 */
export function readXref(pdf: Buffer, startXref: number, context: PDFContext): XrefIndex {
  const sections: SectionEntries[] = [];
  const visited = new Set<number>();
  let trailer: PDFDict | undefined;
  let next: number | undefined = startXref;
  while (next !== undefined) {
    if (visited.has(next) || visited.size >= MAX_SECTIONS) {
      throw unsignable(`the cross-reference chain loops back to offset ${next}`);
    }
    visited.add(next);
    const section = readSection(pdf, next, context);
    if (section.dictionary.has(PDFName.of('Encrypt'))) {
      throw unsignable('the PDF is encrypted; remove the password protection before signing');
    }
    sections.push(section.entries);
    trailer ??= section.dictionary;
    next = numberEntry(section.dictionary, 'Prev');
  }
  return new XrefIndex(sections, trailer!);
}

interface XrefSection {
  entries: SectionEntries;
  dictionary: PDFDict;
}

function readSection(pdf: Buffer, offset: number, context: PDFContext): XrefSection {
  let start = offset;
  while (start < pdf.length && isWhitespace(pdf[start]!)) start += 1;
  if (pdf.subarray(start, start + 4).toString('latin1') === 'xref') {
    return readTableSection(pdf, start + 4, context);
  }
  const { object } = parseIndirectObjectAt(pdf, offset, context);
  if (
    !(object instanceof PDFRawStream) ||
    object.dict.get(PDFName.of('Type')) !== PDFName.of('XRef')
  ) {
    throw unsignable(`offset ${offset} contains neither a cross-reference table nor stream`);
  }
  return { entries: mapEntries(readStreamEntries(object)), dictionary: object.dict };
}

function readTableSection(pdf: Buffer, start: number, context: PDFContext): XrefSection {
  const trailerAt = pdf.indexOf('trailer', start, 'latin1');
  if (trailerAt < 0) {
    throw unsignable(`the cross-reference table at offset ${start - 4} has no trailer`);
  }
  const table =
    fixedWidthTable(pdf, start, trailerAt) ?? mapEntries(tokenisedTable(pdf, start, trailerAt));
  const dictionary = parseDictionaryAt(pdf, trailerAt + 'trailer'.length, context);
  const hybridStream = numberEntry(dictionary, 'XRefStm');
  if (hybridStream === undefined) {
    return { entries: table, dictionary };
  }
  // A hybrid file lists objects in object streams as free in the table and in use in XRefStm.
  const streamEntries = readSection(pdf, hybridStream, context).entries;
  const combined: SectionEntries = {
    maxObjectNumber: Math.max(table.maxObjectNumber, streamEntries.maxObjectNumber),
    get(objectNumber) {
      const fromTable = table.get(objectNumber);
      if (fromTable?.kind === 'offset') return fromTable;
      const fromStream = streamEntries.get(objectNumber);
      return fromStream && fromStream.kind !== 'free' ? fromStream : fromTable;
    },
  };
  return { entries: combined, dictionary };
}

interface Subsection {
  first: number;
  count: number;
  /** Offset of the first 20-byte entry. */
  offset: number;
}

const ENTRY_BYTES = 20;
const ENTRY_PATTERN = /^(\d{10}) (\d{5}) ([nf])(?: \r| \n|\r\n)$/;

/**
 * Indexes a table whose entries are all exactly 20 bytes, as ISO 32000-2 (7.5.4) requires, and
 * reads each entry when looked up. Returns undefined for other layouts.
 */
function fixedWidthTable(pdf: Buffer, start: number, end: number): SectionEntries | undefined {
  const subsections: Subsection[] = [];
  let position = start;
  for (;;) {
    while (position < end && isWhitespace(pdf[position]!)) position += 1;
    if (position >= end) break;
    const header = /^(\d+) (\d+)[ ]*(?:\r\n|\r|\n)/.exec(
      pdf.subarray(position, position + 40).toString('latin1'),
    );
    if (!header) return undefined;
    const subsection = {
      first: Number(header[1]),
      count: Number(header[2]),
      offset: position + header[0].length,
    };
    const sample = pdf
      .subarray(subsection.offset, subsection.offset + ENTRY_BYTES)
      .toString('latin1');
    if (subsection.count > 0 && !ENTRY_PATTERN.test(sample)) return undefined;
    subsections.push(subsection);
    position = subsection.offset + subsection.count * ENTRY_BYTES;
  }
  return {
    maxObjectNumber: Math.max(0, ...subsections.map((item) => item.first + item.count - 1)),
    get(objectNumber) {
      const subsection = subsections.find(
        (item) => objectNumber >= item.first && objectNumber < item.first + item.count,
      );
      if (!subsection) return undefined;
      const at = subsection.offset + (objectNumber - subsection.first) * ENTRY_BYTES;
      const entry = ENTRY_PATTERN.exec(pdf.subarray(at, at + ENTRY_BYTES).toString('latin1'));
      if (!entry)
        throw unsignable(`the cross-reference entry of object ${objectNumber} is malformed`);
      return toTableEntry(Number(entry[1]), Number(entry[2]), entry[3]!);
    },
  };
}

/** Reads a table with irregular spacing token by token. */
function tokenisedTable(pdf: Buffer, start: number, end: number): Map<number, XrefEntry> {
  const tokens = pdf.subarray(start, end).toString('latin1').trim().split(/\s+/);
  const entries = new Map<number, XrefEntry>();
  let position = 0;
  while (position + 1 < tokens.length) {
    const first = Number(tokens[position]);
    const count = Number(tokens[position + 1]);
    position += 2;
    for (let index = 0; index < count; index += 1, position += 3) {
      const [offset, generation, type] = tokens.slice(position, position + 3);
      if (type !== 'n' && type !== 'f') {
        throw unsignable(`the cross-reference table at offset ${start - 4} is malformed`);
      }
      entries.set(first + index, toTableEntry(Number(offset), Number(generation), type));
    }
  }
  return entries;
}

function mapEntries(entries: Map<number, XrefEntry>): SectionEntries {
  let maxObjectNumber = 0;
  for (const objectNumber of entries.keys())
    maxObjectNumber = Math.max(maxObjectNumber, objectNumber);
  return { maxObjectNumber, get: (objectNumber) => entries.get(objectNumber) };
}

/** Offset 0 marks a missing object; some writers use it for unused objects marked in use. */
function toTableEntry(offset: number, generation: number, type: string): XrefEntry {
  return type === 'n' && offset > 0 ? { kind: 'offset', offset, generation } : { kind: 'free' };
}

function readStreamEntries(stream: PDFRawStream): Map<number, XrefEntry> {
  const dictionary = stream.dict;
  const widths = arrayOfNumbers(dictionary.get(PDFName.of('W')));
  const size = numberEntry(dictionary, 'Size') ?? 0;
  const index = arrayOfNumbers(dictionary.get(PDFName.of('Index'))) ?? [0, size];
  if (!widths || widths.length !== 3) {
    throw unsignable('the cross-reference stream has no valid /W entry');
  }
  const data = decodeStream(stream);
  const rowLength = widths[0]! + widths[1]! + widths[2]!;
  const entries = new Map<number, XrefEntry>();
  let row = 0;
  for (let pair = 0; pair + 1 < index.length; pair += 2) {
    for (let offset = 0; offset < index[pair + 1]!; offset += 1, row += 1) {
      const fields = readRow(data, row * rowLength, widths);
      entries.set(index[pair]! + offset, toStreamEntry(fields, widths[0] === 0));
    }
  }
  return entries;
}

function toStreamEntry([type, second, third]: number[], typeOmitted: boolean): XrefEntry {
  const kind = typeOmitted ? 1 : type;
  if (kind === 1 && second! > 0) return { kind: 'offset', offset: second!, generation: third! };
  if (kind === 2) return { kind: 'compressed', streamNumber: second!, index: third! };
  return { kind: 'free' };
}

function readRow(data: Buffer, start: number, widths: number[]): number[] {
  const fields: number[] = [];
  let position = start;
  for (const width of widths) {
    let value = 0;
    for (let byte = 0; byte < width; byte += 1) value = value * 256 + (data[position + byte] ?? 0);
    fields.push(value);
    position += width;
  }
  return fields;
}
