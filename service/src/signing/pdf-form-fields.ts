import {
  PDFArray,
  PDFDict,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRef,
  PDFString,
} from '@cantoo/pdf-lib';
import type { PdfObjectLoader } from './pdf-object-loader.js';
import type { LocatedPage } from './pdf-page-locator.js';
import { unsignable } from './pdf-structure.js';

const ANNOTS = PDFName.of('Annots');
const ACRO_FORM = PDFName.of('AcroForm');
const FIELDS = PDFName.of('Fields');

/**
 * Adds `widgetRef` to the page's /Annots and returns the reference of the object that changed:
 * the /Annots array when it is an indirect object of its own, otherwise the page.
 */
export function attachToPage(
  loader: PdfObjectLoader,
  page: LocatedPage,
  widgetRef: PDFRef,
): PDFRef {
  const annots = page.dict.get(ANNOTS);
  const indirectArray = annots instanceof PDFRef ? loader.array(annots) : undefined;
  if (annots instanceof PDFRef && indirectArray) {
    indirectArray.push(widgetRef);
    return annots;
  }
  if (annots instanceof PDFArray) {
    annots.push(widgetRef);
  } else {
    page.dict.set(ANNOTS, loader.context.obj([widgetRef]));
  }
  return page.ref;
}

/**
 * Adds `widgetRef` to the AcroForm's /Fields and sets /SigFlags 3 (signatures exist, append
 * only). Returns the references of the objects that changed, creating the form when absent.
 */
export function attachToAcroForm(
  loader: PdfObjectLoader,
  catalogRef: PDFRef,
  catalog: PDFDict,
  widgetRef: PDFRef,
): PDFRef[] {
  const context = loader.context;
  const existing = catalog.get(ACRO_FORM);
  const changed: PDFRef[] = [];
  let acroForm = existing instanceof PDFRef ? loader.dict(existing) : undefined;
  if (existing instanceof PDFRef && acroForm) {
    changed.push(existing);
  } else if (existing instanceof PDFDict) {
    acroForm = existing;
    changed.push(catalogRef);
  } else {
    acroForm = context.obj({});
    catalog.set(ACRO_FORM, context.register(acroForm));
    changed.push(catalogRef);
  }
  const fields = acroForm.get(FIELDS);
  const indirectFields = fields instanceof PDFRef ? loader.array(fields) : undefined;
  if (fields instanceof PDFRef && indirectFields) {
    indirectFields.push(widgetRef);
    changed.push(fields);
  } else if (fields instanceof PDFArray) {
    fields.push(widgetRef);
  } else {
    acroForm.set(FIELDS, context.obj([widgetRef]));
  }
  acroForm.set(PDFName.of('SigFlags'), PDFNumber.of(3));
  return changed;
}

/** Picks `SignatureN` with the lowest N that no top-level form field uses. */
export function uniqueFieldName(loader: PdfObjectLoader, catalog: PDFDict): string {
  const acroForm = loader.dict(catalog.get(ACRO_FORM));
  const fields = loader.array(acroForm?.get(FIELDS))?.asArray() ?? [];
  const usedNames = new Set<string>();
  for (const entry of fields) {
    const name = loader.resolve(loader.dict(entry)?.get(PDFName.of('T')));
    if (name instanceof PDFString || name instanceof PDFHexString) usedNames.add(name.decodeText());
  }
  let index = 1;
  while (usedNames.has(`Signature${index}`)) index += 1;
  return `Signature${index}`;
}

/**
 * Rejects a document certified with DocMDP permission 1, which forbids any change, including a
 * new signature (ISO 32000-2, 12.8.2.2).
 */
export function checkChangesAllowed(loader: PdfObjectLoader, catalog: PDFDict): void {
  const perms = loader.dict(catalog.get(PDFName.of('Perms')));
  const docMdp = loader.dict(perms?.get(PDFName.of('DocMDP')));
  const references = loader.array(docMdp?.get(PDFName.of('Reference')))?.asArray() ?? [];
  for (const entry of references) {
    const params = loader.dict(loader.dict(entry)?.get(PDFName.of('TransformParams')));
    if (loader.number(params?.get(PDFName.of('P'))) === 1) {
      throw unsignable(
        'the document is certified with DocMDP permission 1, which forbids any change',
      );
    }
  }
}
