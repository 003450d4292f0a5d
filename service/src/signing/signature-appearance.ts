import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@cantoo/fontkit';
import {
  CustomFontSubsetEmbedder,
  PngEmbedder,
  beginText,
  concatTransformationMatrix,
  drawObject,
  endText,
  moveText,
  popGraphicsState,
  pushGraphicsState,
  setFillingRgbColor,
  setFontAndSize,
  showText,
} from '@cantoo/pdf-lib';
import type { PDFContext, PDFOperator, PDFRef } from '@cantoo/pdf-lib';
import { defaultSealPng } from './default-seal.js';
import { formatVietnamTime } from './signing-time.js';

/** Content of the visible signature. */
export interface SignatureAppearance {
  kind: 'person' | 'organisation';
  /** The person's full name, or the agency's name for an organisation signature. */
  signerName: string;
  /** The person's position, such as "Trưởng phòng Hành chính". */
  position?: string;
  /** PNG seal image for an organisation signature; a generated placeholder seal when absent. */
  sealPng?: Buffer;
}

export interface AppearanceBox {
  width: number;
  height: number;
}

const MAX_FONT_SIZE = 9;
const MIN_FONT_SIZE = 4;
const PADDING = 3;

let fontBytes: Buffer | undefined;
let parsedFont: unknown;

/**
 * Reads Noto Sans Regular from @expo-google-fonts/noto-sans (Google Fonts, SIL Open Font
 * License), which covers the Vietnamese letters that the standard 14 PDF fonts cannot encode.
 */
function loadFontBytes(): Buffer {
  if (!fontBytes) {
    const require = createRequire(import.meta.url);
    fontBytes = readFileSync(
      require.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf'),
    );
  }
  return fontBytes;
}

/**
 * A fontkit whose `create` parses the font once per process and then returns that font for
 * every call, so it must only ever receive `loadFontBytes()`. Parsing Noto Sans took about
 * 100 ms per signature (bench/signing.bench.ts, 2-core AMD EPYC), and subsetting only reads it.
 */
const cachingFontkit = {
  ...fontkit,
  create(data: Uint8Array) {
    parsedFont ??= fontkit.create(data);
    return parsedFont;
  },
} as unknown as Parameters<typeof CustomFontSubsetEmbedder.for>[0];

/**
 * Builds the text lines of the appearance, in the order drawn from the top. The text is
 * normalised to NFC because the font maps precomposed Vietnamese letters, not combining marks.
 */
export function appearanceLines(appearance: SignatureAppearance, signingTime: Date): string[] {
  const lines = [`Ký bởi: ${appearance.signerName}`];
  if (appearance.position) lines.push(`Chức vụ: ${appearance.position}`);
  lines.push(`Thời gian ký: ${formatVietnamTime(signingTime)}`);
  return lines.map((line) => line.normalize('NFC'));
}

/**
 * Registers the appearance form XObject of a signature widget in `context` and returns its
 * reference. The font is embedded as a subset of the glyphs drawn. An organisation signature
 * draws its text on the left two thirds of the box and the seal on the right third.
 */
export async function createAppearanceStream(
  context: PDFContext,
  appearance: SignatureAppearance,
  signingTime: Date,
  box: AppearanceBox,
): Promise<PDFRef> {
  // With ccmp on, fontkit splits letters such as "ụ" into a base letter and a combining mark,
  // and text extraction then maps later plain letters to the marked one.
  const font = await CustomFontSubsetEmbedder.for(cachingFontkit, loadFontBytes(), undefined, {
    ccmp: false,
  });

  const operators: PDFOperator[] = [];
  const xObjects: Record<string, PDFRef> = {};
  let textRight = box.width - PADDING;
  if (appearance.kind === 'organisation') {
    const seal = await PngEmbedder.for(appearance.sealPng ?? defaultSealPng());
    const third = box.width / 3;
    const side = Math.min(third, box.height);
    const sealLeft = 2 * third + (third - side) / 2;
    operators.push(
      pushGraphicsState(),
      concatTransformationMatrix(side, 0, 0, side, sealLeft, (box.height - side) / 2),
      drawObject('Seal'),
      popGraphicsState(),
    );
    xObjects.Seal = await seal.embedIntoContext(context);
    textRight = 2 * third - PADDING;
  }

  const lines = appearanceLines(appearance, signingTime);
  operators.push(...textOperators(font, lines, textRight, box));

  const fontRef = await font.embedIntoContext(context);
  const stream = context.formXObject(operators, {
    BBox: [0, 0, box.width, box.height],
    Resources: { Font: { F1: fontRef }, XObject: xObjects },
  });
  return context.register(stream);
}

function textOperators(
  font: CustomFontSubsetEmbedder,
  lines: string[],
  right: number,
  box: AppearanceBox,
): PDFOperator[] {
  const left = PADDING;
  const available = right - left;
  const widest = Math.max(...lines.map((line) => font.widthOfTextAtSize(line, MAX_FONT_SIZE)));
  const byWidth = (MAX_FONT_SIZE * available) / widest;
  const byHeight = (box.height - 2 * PADDING) / (lines.length * 1.25);
  const size = Math.max(MIN_FONT_SIZE, Math.min(MAX_FONT_SIZE, byWidth, byHeight));
  const lineHeight = size * 1.25;
  const top = box.height - PADDING - size;
  const operators: PDFOperator[] = [setFillingRgbColor(0, 0, 0.55)];
  lines.forEach((line, index) => {
    operators.push(
      beginText(),
      setFontAndSize('F1', size),
      moveText(left, top - index * lineHeight),
      showText(font.encodeText(line)),
      endText(),
    );
  });
  return operators;
}
