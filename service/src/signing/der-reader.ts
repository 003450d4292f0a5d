/** One DER element inside a buffer: its tag and where its header and contents lie. */
export interface DerElement {
  tag: number;
  /** Offset of the tag byte. */
  start: number;
  /** Offset of the first content byte. */
  contentStart: number;
  /** Offset just past the last content byte. */
  end: number;
}

/**
 * Reads the DER element at `offset` (ITU-T X.690). Only single-byte tags and definite lengths
 * are accepted, which covers CMS and X.509 as signers encode them.
 */
export function readElement(buffer: Buffer, offset: number): DerElement {
  const tag = buffer[offset];
  const first = buffer[offset + 1];
  if (tag === undefined || first === undefined || (tag & 0x1f) === 0x1f) {
    throw new Error(`invalid DER element at offset ${offset}`);
  }
  let length = first;
  let contentStart = offset + 2;
  if (first & 0x80) {
    const lengthBytes = first & 0x7f;
    if (lengthBytes === 0 || lengthBytes > 4) {
      throw new Error(`unsupported DER length encoding at offset ${offset}`);
    }
    length = 0;
    for (let index = 0; index < lengthBytes; index += 1) {
      length = length * 256 + buffer[offset + 2 + index]!;
    }
    contentStart += lengthBytes;
  }
  const end = contentStart + length;
  if (end > buffer.length) {
    throw new Error(`DER element at offset ${offset} runs past the end of the data`);
  }
  return { tag, start: offset, contentStart, end };
}

/** Lists the elements directly inside a constructed element. */
export function childrenOf(buffer: Buffer, parent: DerElement): DerElement[] {
  const children: DerElement[] = [];
  for (let offset = parent.contentStart; offset < parent.end;) {
    const child = readElement(buffer, offset);
    children.push(child);
    offset = child.end;
  }
  return children;
}

export function contentOf(buffer: Buffer, element: DerElement): Buffer {
  return buffer.subarray(element.contentStart, element.end);
}

export function bytesOf(buffer: Buffer, element: DerElement): Buffer {
  return buffer.subarray(element.start, element.end);
}

/** Extracts the issuer Name and serialNumber INTEGER of an X.509 certificate as DER elements. */
export function issuerAndSerialOf(certificate: Buffer): { issuer: Buffer; serialNumber: Buffer } {
  const tbs = childrenOf(certificate, readElement(certificate, 0))[0];
  const fields = tbs ? childrenOf(certificate, tbs) : [];
  // TBSCertificate starts with an optional [0] version, then serialNumber, signature, issuer.
  const first = fields[0]?.tag === 0xa0 ? 1 : 0;
  const serialNumber = fields[first];
  const issuer = fields[first + 2];
  if (serialNumber?.tag !== 0x02 || issuer?.tag !== 0x30) {
    throw new Error('the certificate has no serial number and issuer where X.509 places them');
  }
  return { issuer: bytesOf(certificate, issuer), serialNumber: bytesOf(certificate, serialNumber) };
}
