import { inflateSync, constants as zlibConstants } from 'node:zlib';
import { PDFArray, PDFDict, PDFName, PDFNumber, PDFObjectParser, PDFRef } from '@cantoo/pdf-lib';
import type { PDFContext, PDFObject, PDFRawStream } from '@cantoo/pdf-lib';
import { unsignable } from './pdf-structure.js';

/** Decodes a FlateDecode stream, with or without a PNG predictor, as xref and object streams use. */
export function decodeStream(stream: PDFRawStream): Buffer {
  const filter = stream.dict.get(PDFName.of('Filter'));
  const raw = Buffer.from(stream.contents);
  if (filter === undefined) return raw;
  const single = filter instanceof PDFArray && filter.size() === 1 ? filter.get(0) : filter;
  if (single !== PDFName.of('FlateDecode')) {
    throw unsignable(
      `a cross-reference or object stream uses the unsupported filter ${String(filter)}`,
    );
  }
  const inflated = inflateSync(raw, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
  const params = stream.dict.get(PDFName.of('DecodeParms'));
  const parmsDict = params instanceof PDFArray ? params.get(0) : params;
  if (!(parmsDict instanceof PDFDict)) return inflated;
  const predictor = numberEntry(parmsDict, 'Predictor') ?? 1;
  if (predictor < 10) return inflated;
  return undoPngPredictor(inflated, numberEntry(parmsDict, 'Columns') ?? 1);
}

function undoPngPredictor(data: Buffer, columns: number): Buffer {
  const rows = Math.floor(data.length / (columns + 1));
  const output = Buffer.alloc(rows * columns);
  for (let row = 0; row < rows; row += 1) {
    const filterType = data[row * (columns + 1)]!;
    for (let column = 0; column < columns; column += 1) {
      const value = data[row * (columns + 1) + 1 + column]!;
      const left = column > 0 ? output[row * columns + column - 1]! : 0;
      const up = row > 0 ? output[(row - 1) * columns + column]! : 0;
      const upLeft = row > 0 && column > 0 ? output[(row - 1) * columns + column - 1]! : 0;
      output[row * columns + column] = (value + predict(filterType, left, up, upLeft)) & 0xff;
    }
  }
  return output;
}

function predict(filterType: number, left: number, up: number, upLeft: number): number {
  switch (filterType) {
    case 1:
      return left;
    case 2:
      return up;
    case 3:
      return Math.floor((left + up) / 2);
    case 4: {
      const estimate = left + up - upLeft;
      const distances = [
        Math.abs(estimate - left),
        Math.abs(estimate - up),
        Math.abs(estimate - upLeft),
      ];
      if (distances[0]! <= distances[1]! && distances[0]! <= distances[2]!) return left;
      return distances[1]! <= distances[2]! ? up : upLeft;
    }
    default:
      return 0;
  }
}

/** Parses `<number> <generation> obj <object>` at `offset`. */
export function parseIndirectObjectAt(
  pdf: Buffer,
  offset: number,
  context: PDFContext,
): { ref: PDFRef; object: PDFObject } {
  const head = pdf.subarray(offset, offset + 64).toString('latin1');
  const header = /^\s*(\d+)\s+(\d+)\s+obj\b/.exec(head);
  if (!header) {
    throw unsignable(
      `no object starts at offset ${offset}, so the cross-reference data is damaged`,
    );
  }
  const ref = PDFRef.of(Number(header[1]), Number(header[2]));
  const object = parseObject(
    pdf.subarray(offset + header[0].length),
    context,
    `object ${ref.toString()}`,
  );
  return { ref, object };
}

export function parseObject(bytes: Uint8Array, context: PDFContext, label: string): PDFObject {
  try {
    return PDFObjectParser.forBytes(bytes, context).parseObject();
  } catch (error) {
    throw unsignable(`${label} cannot be parsed (${(error as Error).message})`);
  }
}

export function parseDictionaryAt(pdf: Buffer, offset: number, context: PDFContext): PDFDict {
  const object = parseObject(pdf.subarray(offset), context, 'the trailer');
  if (!(object instanceof PDFDict)) throw unsignable('the trailer is not a dictionary');
  return object;
}

export function numberEntry(dictionary: PDFDict, key: string): number | undefined {
  const value = dictionary.get(PDFName.of(key));
  return value instanceof PDFNumber ? value.asNumber() : undefined;
}

export function arrayOfNumbers(value: PDFObject | undefined): number[] | undefined {
  if (!(value instanceof PDFArray)) return undefined;
  return value.asArray().map((item) => (item instanceof PDFNumber ? item.asNumber() : Number.NaN));
}

export function isWhitespace(byte: number): boolean {
  return (
    byte === 0x00 ||
    byte === 0x09 ||
    byte === 0x0a ||
    byte === 0x0c ||
    byte === 0x0d ||
    byte === 0x20
  );
}
