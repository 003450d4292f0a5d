import { PDFDict, PDFName, PDFRef } from '@cantoo/pdf-lib';
import { ValidationError } from '../errors/index.js';
import type { PdfObjectLoader } from './pdf-object-loader.js';
import { unsignable } from './pdf-structure.js';

export interface LocatedPage {
  ref: PDFRef;
  dict: PDFDict;
  /** The effective /MediaBox as [left, bottom, right, top], inherited from the page tree. */
  mediaBox: [number, number, number, number];
}

const MAX_DEPTH = 64;
const DEFAULT_MEDIA_BOX: [number, number, number, number] = [0, 0, 595, 842];

/** Finds page `pageIndex` (zero-based, the last page when absent) by walking the page tree. */
export function locatePage(
  loader: PdfObjectLoader,
  catalog: PDFDict,
  pageIndex?: number,
): LocatedPage {
  const root = loader.dict(catalog.get(PDFName.of('Pages')));
  const count = root ? (loader.number(root.get(PDFName.of('Count'))) ?? 0) : 0;
  if (!root || count < 1) {
    throw unsignable('the document has no pages to place the signature on');
  }
  const index = pageIndex ?? count - 1;
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new ValidationError(
      `Page index ${index} is out of range: the document has ${count} pages`,
      {
        field: 'pageIndex',
        value: pageIndex,
      },
    );
  }
  return findInTree(loader, root, index);
}

/**
 * Descends from `root` to the page at `index`, using each subtree's /Count to skip it. Pages in
 * the second half are searched from the end, so finding the last page reads few objects.
 */
function findInTree(loader: PdfObjectLoader, root: PDFDict, index: number): LocatedPage {
  const rootCount = loader.number(root.get(PDFName.of('Count'))) ?? 0;
  const fromEnd = index >= rootCount / 2;
  let node = root;
  let remaining = fromEnd ? rootCount - 1 - index : index;
  for (let depth = 0; depth < MAX_DEPTH; depth += 1) {
    const kids = loader.array(node.get(PDFName.of('Kids')))?.asArray() ?? [];
    let next: PDFDict | undefined;
    for (const kid of fromEnd ? [...kids].reverse() : kids) {
      const kidDict = loader.dict(kid);
      if (!kidDict || !(kid instanceof PDFRef)) continue;
      if (kidDict.get(PDFName.of('Type')) === PDFName.of('Pages')) {
        const kidCount = loader.number(kidDict.get(PDFName.of('Count'))) ?? 0;
        if (remaining < kidCount) {
          next = kidDict;
          break;
        }
        remaining -= kidCount;
      } else if (remaining === 0) {
        return { ref: kid, dict: kidDict, mediaBox: inheritedMediaBox(loader, kidDict) };
      } else {
        remaining -= 1;
      }
    }
    if (!next) break;
    node = next;
  }
  throw unsignable(`page ${index} cannot be found in the page tree, whose /Count values are wrong`);
}

function inheritedMediaBox(
  loader: PdfObjectLoader,
  page: PDFDict,
): [number, number, number, number] {
  let node: PDFDict | undefined = page;
  for (let depth = 0; node && depth < MAX_DEPTH; depth += 1) {
    const box = loader.array(node.get(PDFName.of('MediaBox')));
    const values = box?.asArray().map((item) => loader.number(item));
    if (values?.length === 4 && values.every((value) => value !== undefined)) {
      const [a, b, c, d] = values as number[];
      return [Math.min(a!, c!), Math.min(b!, d!), Math.max(a!, c!), Math.max(b!, d!)];
    }
    node = loader.dict(node.get(PDFName.of('Parent')));
  }
  return DEFAULT_MEDIA_BOX;
}
