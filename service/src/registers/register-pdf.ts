import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@cantoo/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from '@cantoo/pdf-lib';
import type { RegisterBook, RegisterTable } from './register-table.js';

/** A4 landscape in PDF points. */
const PAGE_WIDTH = 841.89;
const PAGE_HEIGHT = 595.28;
const MARGIN = 36;
const FONT_SIZE = 8;
const HEADER_FONT_SIZE = 8;
const LINE_HEIGHT = 10;
const CELL_PADDING = 3;

/** Relative column widths of each register, matching REGISTER_COLUMNS. */
const COLUMN_WEIGHTS: Readonly<Record<RegisterBook, readonly number[]>> = {
  incoming: [6, 5, 11, 8, 7, 22, 11, 6, 6, 7],
  outgoing: [9, 7, 20, 14, 13, 10, 5, 6, 6, 7],
  'follow-up': [6, 26, 14, 9, 13, 12, 10],
};

let fontBytes: Buffer | undefined;

/**
 * Noto Sans Regular from @expo-google-fonts/noto-sans (SIL Open Font License): it has the
 * Vietnamese letters that the 14 standard PDF fonts lack.
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
 * Renders a register as a PDF table on landscape A4 pages: title, organisation and period on
 * the first page, the column headings repeated on every page, and "Trang n/N" at the foot.
 */
export async function registerToPdf(table: RegisterTable): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  // With ccmp on, fontkit splits letters such as "ụ" into "u" plus a combining dot, and the
  // font's ToUnicode map then turns every later "u" into "ụ" when the text is extracted.
  const font = await pdf.embedFont(loadFontBytes(), { subset: true, features: { ccmp: false } });
  pdf.setTitle(`${table.title} ${table.period}`);
  const widths = columnWidths(table.book);
  const layout = new TableLayout(pdf, font, widths);
  layout.drawHeading(table);
  layout.drawRow(table.columns, HEADER_FONT_SIZE, true);
  for (const row of table.rows) layout.drawRow(row, FONT_SIZE, false, table.columns);
  numberPages(pdf.getPages(), font);
  return Buffer.from(await pdf.save());
}

function columnWidths(book: RegisterBook): number[] {
  const weights = COLUMN_WEIGHTS[book];
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return weights.map((weight) => ((PAGE_WIDTH - 2 * MARGIN) * weight) / total);
}

/** Draws rows top to bottom, starting a new page (with the headings again) when one is full. */
class TableLayout {
  private page: PDFPage;
  private y: number;

  constructor(
    private readonly pdf: PDFDocument,
    private readonly font: PDFFont,
    private readonly widths: number[],
  ) {
    this.page = pdf.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    this.y = PAGE_HEIGHT - MARGIN;
  }

  drawHeading(table: RegisterTable): void {
    for (const [text, size] of [
      [table.organName, 10],
      [table.title, 14],
      [table.period, 10],
    ] as const) {
      const width = this.font.widthOfTextAtSize(text, size);
      this.page.drawText(text, {
        x: (PAGE_WIDTH - width) / 2,
        y: this.y - size,
        size,
        font: this.font,
      });
      this.y -= size + 8;
    }
    this.y -= 4;
  }

  /** Draws one row. A new page starts with `headings` when they are given. */
  drawRow(
    cells: readonly string[],
    size: number,
    bold: boolean,
    headings?: readonly string[],
  ): void {
    const lines = cells.map((cell, index) =>
      wrapText(cell, this.font, size, this.widths[index]! - 2 * CELL_PADDING),
    );
    const height =
      Math.max(...lines.map((cellLines) => cellLines.length)) * LINE_HEIGHT + 2 * CELL_PADDING;
    if (this.y - height < MARGIN + 16 && headings) {
      this.page = this.pdf.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
      this.y = PAGE_HEIGHT - MARGIN;
      this.drawRow(headings, HEADER_FONT_SIZE, true);
    }
    let x = MARGIN;
    lines.forEach((cellLines, index) => {
      const width = this.widths[index]!;
      this.page.drawRectangle({
        x,
        y: this.y - height,
        width,
        height,
        borderWidth: 0.5,
        borderColor: rgb(0, 0, 0),
        color: bold ? rgb(0.92, 0.92, 0.92) : undefined,
      });
      cellLines.forEach((line, lineIndex) => {
        const top = this.y - CELL_PADDING - (lineIndex + 1) * LINE_HEIGHT + 2;
        this.page.drawText(line, { x: x + CELL_PADDING, y: top, size, font: this.font });
      });
      x += width;
    });
    this.y -= height;
  }
}

/** Splits text into lines that fit `width`, breaking at spaces, or inside a word too long. */
export function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      const candidate = line === '' ? word : `${line} ${word}`;
      if (font.widthOfTextAtSize(candidate, size) <= width) {
        line = candidate;
        continue;
      }
      if (line !== '') lines.push(line);
      line = word;
      while (font.widthOfTextAtSize(line, size) > width && line.length > 1) {
        let cut = line.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(line.slice(0, cut), size) > width) cut -= 1;
        lines.push(line.slice(0, cut));
        line = line.slice(cut);
      }
    }
    lines.push(line);
  }
  return lines;
}

function numberPages(pages: PDFPage[], font: PDFFont): void {
  pages.forEach((page, index) => {
    const text = `Trang ${index + 1}/${pages.length}`;
    const width = font.widthOfTextAtSize(text, FONT_SIZE);
    page.drawText(text, { x: (PAGE_WIDTH - width) / 2, y: MARGIN / 2, size: FONT_SIZE, font });
  });
}
