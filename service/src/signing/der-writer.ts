/** DER encoding of the few fixed structures that a CMS signature needs (ITU-T X.690). */

export const TAG = {
  integer: 0x02,
  octetString: 0x04,
  null: 0x05,
  objectIdentifier: 0x06,
  sequence: 0x30,
  set: 0x31,
  contextZero: 0xa0,
  contextFour: 0xa4,
} as const;

/** Encodes one element: the tag, the definite length, then the concatenated contents. */
export function derElement(tag: number, ...contents: Buffer[]): Buffer {
  const body = Buffer.concat(contents);
  if (body.length < 0x80) {
    return Buffer.concat([Buffer.from([tag, body.length]), body]);
  }
  const lengthBytes: number[] = [];
  for (let remaining = body.length; remaining > 0; remaining = Math.floor(remaining / 256)) {
    lengthBytes.unshift(remaining % 256);
  }
  return Buffer.concat([Buffer.from([tag, 0x80 | lengthBytes.length, ...lengthBytes]), body]);
}

/** Encodes the contents of an OBJECT IDENTIFIER such as `1.2.840.113549.1.7.2`. */
export function objectIdentifierContent(oid: string): Buffer {
  const arcs = oid.split('.').map(Number);
  if (arcs.length < 2 || arcs.some((arc) => !Number.isSafeInteger(arc) || arc < 0)) {
    throw new Error(`Invalid object identifier ${oid}`);
  }
  const bytes: number[] = [];
  for (const arc of [arcs[0]! * 40 + arcs[1]!, ...arcs.slice(2)]) {
    const base128 = [arc % 128];
    for (let rest = Math.floor(arc / 128); rest > 0; rest = Math.floor(rest / 128)) {
      base128.unshift((rest % 128) | 0x80);
    }
    bytes.push(...base128);
  }
  return Buffer.from(bytes);
}

export function objectIdentifier(oid: string): Buffer {
  return derElement(TAG.objectIdentifier, objectIdentifierContent(oid));
}

/** Encodes a SET OF with its members sorted by their encodings, as DER requires. */
export function derSetOf(tag: number, members: Buffer[]): Buffer {
  return derElement(tag, ...[...members].sort(Buffer.compare));
}
