import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRawStream, PDFRef } from '@cantoo/pdf-lib';
import type { PDFContext, PDFObject } from '@cantoo/pdf-lib';
import { unsignable } from './pdf-structure.js';
import { decodeStream, numberEntry, parseIndirectObjectAt, parseObject } from './pdf-objects.js';
import type { XrefIndex } from './pdf-xref.js';

interface ObjectStream {
  data: Buffer;
  first: number;
  offsets: Map<number, number>;
}

/**
 * Reads objects on demand through the cross-reference index and registers each one in
 * `context` under its reference, so a signature touches only the objects it changes or reads.
 * Every object is checked against the number and generation that its xref entry names.
 */
export class PdfObjectLoader {
  readonly context: PDFContext;
  private readonly pdf: Buffer;
  private readonly xref: XrefIndex;
  private readonly objectStreams = new Map<number, ObjectStream>();

  constructor(pdf: Buffer, xref: XrefIndex, context: PDFContext) {
    this.pdf = pdf;
    this.xref = xref;
    this.context = context;
  }

  /** Returns the object `ref` names, or undefined for a free or missing object (the null object). */
  lookup(ref: PDFRef): PDFObject | undefined {
    const loaded = this.context.lookup(ref);
    if (loaded) return loaded;
    const entry = this.xref.entry(ref.objectNumber);
    let object: PDFObject | undefined;
    if (entry?.kind === 'offset') {
      object = this.readAtOffset(ref, entry.offset, entry.generation);
    } else if (entry?.kind === 'compressed' && ref.generationNumber === 0) {
      object = this.readCompressed(ref, entry.streamNumber, entry.index);
    }
    if (object) this.context.assign(ref, object);
    return object;
  }

  resolve(object: PDFObject | undefined): PDFObject | undefined {
    return object instanceof PDFRef ? this.lookup(object) : object;
  }

  dict(object: PDFObject | undefined): PDFDict | undefined {
    const resolved = this.resolve(object);
    return resolved instanceof PDFDict ? resolved : undefined;
  }

  array(object: PDFObject | undefined): PDFArray | undefined {
    const resolved = this.resolve(object);
    return resolved instanceof PDFArray ? resolved : undefined;
  }

  number(object: PDFObject | undefined): number | undefined {
    const resolved = this.resolve(object);
    return resolved instanceof PDFNumber ? resolved.asNumber() : undefined;
  }

  private readAtOffset(ref: PDFRef, offset: number, generation: number): PDFObject {
    const parsed = parseIndirectObjectAt(this.pdf, offset, this.context);
    if (
      parsed.ref.objectNumber !== ref.objectNumber ||
      parsed.ref.generationNumber !== generation
    ) {
      throw unsignable(
        `the cross-reference data places object ${ref.objectNumber} at offset ${offset}, where object ${parsed.ref.objectNumber} is`,
      );
    }
    return parsed.object;
  }

  private readCompressed(ref: PDFRef, streamNumber: number, index: number): PDFObject {
    const stream = this.objectStream(streamNumber);
    const offset = stream.offsets.get(ref.objectNumber);
    if (offset === undefined) {
      throw unsignable(
        `object stream ${streamNumber} does not contain object ${ref.objectNumber} (index ${index})`,
      );
    }
    return parseObject(
      stream.data.subarray(stream.first + offset),
      this.context,
      `object ${ref.toString()}`,
    );
  }

  private objectStream(streamNumber: number): ObjectStream {
    const cached = this.objectStreams.get(streamNumber);
    if (cached) return cached;
    const raw = this.lookup(PDFRef.of(streamNumber, 0));
    if (
      !(raw instanceof PDFRawStream) ||
      raw.dict.get(PDFName.of('Type')) !== PDFName.of('ObjStm')
    ) {
      throw unsignable(`object ${streamNumber} is not an object stream`);
    }
    const data = decodeStream(raw);
    const count = numberEntry(raw.dict, 'N') ?? 0;
    const first = numberEntry(raw.dict, 'First') ?? 0;
    const header = data.subarray(0, first).toString('latin1').trim().split(/\s+/).map(Number);
    const offsets = new Map<number, number>();
    for (let pair = 0; pair < count * 2 && pair + 1 < header.length; pair += 2) {
      offsets.set(header[pair]!, header[pair + 1]!);
    }
    const stream = { data, first, offsets };
    this.objectStreams.set(streamNumber, stream);
    return stream;
  }
}
