import type { PDFContext, PDFObject, PDFRef } from '@cantoo/pdf-lib';
import type { PdfTrailerInfo } from './pdf-structure.js';

/** The original bytes followed by one update section, and where each written object starts. */
export interface IncrementalUpdate {
  bytes: Buffer;
  objectOffsets: Map<number, number>;
}

/**
 * Appends one incremental update section (ISO 32000-2, 7.5.6) to `original`: the given objects,
 * then a cross-reference section of the same kind as the original's newest one (table or
 * stream) with /Prev pointing back to it. The original bytes are copied unchanged.
 */
export function appendIncrementalUpdate(
  original: Buffer,
  trailer: PdfTrailerInfo,
  context: PDFContext,
  refs: PDFRef[],
): IncrementalUpdate {
  const parts: Buffer[] = [original, Buffer.from('\n', 'latin1')];
  let offset = original.length + 1;
  const objectOffsets = new Map<number, number>();
  const entries: XrefEntry[] = [];
  for (const ref of [...refs].sort((a, b) => a.objectNumber - b.objectNumber)) {
    const object = context.lookup(ref);
    if (!object) {
      throw new Error(`Object ${ref.toString()} was marked for writing but does not exist`);
    }
    const serialised = serialiseObject(ref, object);
    objectOffsets.set(ref.objectNumber, offset);
    entries.push({ objectNumber: ref.objectNumber, generation: ref.generationNumber, offset });
    parts.push(serialised);
    offset += serialised.length;
  }
  const size = Math.max(trailer.size, context.largestObjectNumber + 1);
  const xref =
    trailer.xrefKind === 'table'
      ? xrefTableSection(entries, offset, size, trailer, context)
      : xrefStreamSection(entries, offset, size, trailer, context);
  parts.push(xref);
  return { bytes: Buffer.concat(parts), objectOffsets };
}

interface XrefEntry {
  objectNumber: number;
  generation: number;
  offset: number;
}

function serialiseObject(ref: PDFRef, object: PDFObject): Buffer {
  const body = Buffer.alloc(object.sizeInBytes());
  object.copyBytesInto(body, 0);
  return Buffer.concat([
    Buffer.from(`${ref.objectNumber} ${ref.generationNumber} obj\n`, 'latin1'),
    body,
    Buffer.from('\nendobj\n', 'latin1'),
  ]);
}

/** Groups sorted object numbers into runs of consecutive numbers: the xref subsections. */
function subsections(entries: XrefEntry[]): XrefEntry[][] {
  const runs: XrefEntry[][] = [];
  for (const entry of entries) {
    const run = runs.at(-1);
    const previous = run?.at(-1);
    if (run && previous && previous.objectNumber + 1 === entry.objectNumber) run.push(entry);
    else runs.push([entry]);
  }
  return runs;
}

function trailerEntries(size: number, trailer: PdfTrailerInfo, context: PDFContext): string {
  const info = context.trailerInfo;
  const fields = [`/Size ${size}`, `/Root ${String(info.Root)}`];
  if (info.Info) fields.push(`/Info ${String(info.Info)}`);
  if (info.ID) fields.push(`/ID ${String(info.ID)}`);
  fields.push(`/Prev ${trailer.startXref}`);
  return fields.join(' ');
}

function xrefTableSection(
  entries: XrefEntry[],
  xrefOffset: number,
  size: number,
  trailer: PdfTrailerInfo,
  context: PDFContext,
): Buffer {
  const lines = ['xref'];
  for (const run of subsections(entries)) {
    lines.push(`${run[0]!.objectNumber} ${run.length}`);
    for (const entry of run) {
      const offset = String(entry.offset).padStart(10, '0');
      const generation = String(entry.generation).padStart(5, '0');
      // Each entry is exactly 20 bytes: the two-byte line end is a space and a line feed.
      lines.push(`${offset} ${generation} n `);
    }
  }
  lines.push('trailer', `<< ${trailerEntries(size, trailer, context)} >>`);
  lines.push('startxref', String(xrefOffset), '%%EOF', '');
  return Buffer.from(lines.join('\n'), 'latin1');
}

/** Writes an uncompressed cross-reference stream with 1-byte type, 4-byte offset, 2-byte generation. */
function xrefStreamSection(
  entries: XrefEntry[],
  xrefOffset: number,
  size: number,
  trailer: PdfTrailerInfo,
  context: PDFContext,
): Buffer {
  const streamNumber = size;
  const all = [...entries, { objectNumber: streamNumber, generation: 0, offset: xrefOffset }];
  const data = Buffer.alloc(all.length * 7);
  all.forEach((entry, index) => {
    data.writeUInt8(1, index * 7);
    data.writeUInt32BE(entry.offset, index * 7 + 1);
    data.writeUInt16BE(entry.generation, index * 7 + 5);
  });
  const index = subsections(all)
    .map((run) => `${run[0]!.objectNumber} ${run.length}`)
    .join(' ');
  const dictionary =
    `<< /Type /XRef ${trailerEntries(size + 1, trailer, context)}` +
    ` /W [1 4 2] /Index [${index}] /Length ${data.length} >>`;
  return Buffer.concat([
    Buffer.from(`${streamNumber} 0 obj\n${dictionary}\nstream\n`, 'latin1'),
    data,
    Buffer.from(`\nendstream\nendobj\nstartxref\n${xrefOffset}\n%%EOF\n`, 'latin1'),
  ]);
}
