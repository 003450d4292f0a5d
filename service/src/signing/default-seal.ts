import { crc32, deflateSync } from 'node:zlib';

const SIZE = 256;
const SEAL_RED: [number, number, number] = [200, 16, 46];

let cachedSeal: Buffer | undefined;

/**
 * Returns a generated placeholder seal: a red double ring with a five-pointed star on a
 * transparent background, 256 × 256 pixels, as PNG. Organisations replace it with their own.
 */
export function defaultSealPng(): Buffer {
  cachedSeal ??= encodePng(drawSeal());
  return cachedSeal;
}

function drawSeal(): Buffer {
  const pixels = Buffer.alloc(SIZE * SIZE * 4);
  const centre = SIZE / 2;
  for (let y = 0; y < SIZE; y += 1) {
    for (let x = 0; x < SIZE; x += 1) {
      const dx = x + 0.5 - centre;
      const dy = centre - (y + 0.5);
      const radius = Math.hypot(dx, dy) / centre;
      const onRing = (radius > 0.9 && radius < 0.98) || (radius > 0.78 && radius < 0.82);
      if (onRing || insideStar(dx / centre, dy / centre, 0.45)) {
        pixels.set([...SEAL_RED, 255], (y * SIZE + x) * 4);
      }
    }
  }
  return pixels;
}

/** Tests a point against a five-pointed star of outer radius `outer`, one point upwards. */
function insideStar(x: number, y: number, outer: number): boolean {
  const inner = outer * 0.382;
  const angle = Math.atan2(y, x) - Math.PI / 2;
  const sector = (2 * Math.PI) / 5;
  const local = ((angle % sector) + sector) % sector;
  const fromTip = Math.abs(local - sector / 2) / (sector / 2);
  // Between a tip (fromTip = 1) and a notch (fromTip = 0) the edge is approximated by a line.
  const edge = inner + (outer - inner) * fromTip;
  return Math.hypot(x, y) < edge;
}

function encodePng(rgba: Buffer): Buffer {
  const rows = Buffer.alloc(SIZE * (SIZE * 4 + 1));
  for (let y = 0; y < SIZE; y += 1) {
    rgba.copy(rows, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}
