import type { PDFDocumentProxy, RenderTask } from 'pdfjs-dist';
import { useEffect, useRef, useState } from 'preact/hooks';
import { getBytes, SessionEndedError } from '../api.js';
import { useI18n } from '../i18n/index.js';

type PdfJs = typeof import('pdfjs-dist');

let pdfjsModule: Promise<PdfJs> | undefined;

/** Returns the URL of a pdfjs-dist file, which the service serves under the page's `pdfjs/`. */
function pdfjsUrl(path: string): string {
  return new URL(`pdfjs/${path}`, document.baseURI).href;
}

/** Loads pdf.js on first use, so that the inbox does not download it. */
function loadPdfJs(): Promise<PdfJs> {
  pdfjsModule ??= import('pdfjs-dist').then((pdfjs) => {
    pdfjs.GlobalWorkerOptions.workerSrc = pdfjsUrl('build/pdf.worker.min.mjs');
    return pdfjs;
  });
  return pdfjsModule;
}

async function openPdf(url: string): Promise<PDFDocumentProxy> {
  const [pdfjs, bytes] = await Promise.all([loadPdfJs(), getBytes(url)]);
  return pdfjs.getDocument({
    data: new Uint8Array(bytes),
    cMapUrl: pdfjsUrl('cmaps/'),
    cMapPacked: true,
    standardFontDataUrl: pdfjsUrl('standard_fonts/'),
    wasmUrl: pdfjsUrl('wasm/'),
    iccUrl: pdfjsUrl('iccs/'),
    isEvalSupported: false,
  }).promise;
}

const ZOOM_STEP = 1.5;
const MAX_ZOOM = 4;

/**
 * Shows one page of a PDF at a time on a canvas, fitted to the width of its frame (or zoomed in
 * from there), with page navigation. `url` is fetched with the session's token.
 */
export function PdfViewer(props: { url: string }) {
  const { t } = useI18n();
  const frame = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [pdf, setPdf] = useState<PDFDocumentProxy | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [pageNumber, setPageNumber] = useState(1);
  const [zoom, setZoom] = useState(1);
  const [width, setWidth] = useState(0);

  useEffect(() => {
    let current = true;
    let opened: PDFDocumentProxy | undefined;
    setPdf(undefined);
    setError(undefined);
    setPageNumber(1);
    openPdf(props.url)
      .then((document) => {
        opened = document;
        if (current) setPdf(document);
        else void document.destroy();
      })
      .catch((reason: unknown) => {
        if (current && !(reason instanceof SessionEndedError)) {
          setError(reason instanceof Error ? reason.message : String(reason));
        }
      });
    return () => {
      current = false;
      void opened?.destroy();
    };
  }, [props.url]);

  useEffect(() => {
    const element = frame.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (!pdf || !canvas.current || width === 0) return;
    let task: RenderTask | undefined;
    let current = true;
    void pdf.getPage(pageNumber).then((page) => {
      if (!current || !canvas.current) return;
      task = renderPage(
        page,
        canvas.current,
        (width * zoom) / page.getViewport({ scale: 1 }).width,
      );
      task.promise
        .then(() => canvas.current?.setAttribute('data-rendered-page', String(pageNumber)))
        .catch(() => undefined);
    });
    return () => {
      current = false;
      task?.cancel();
    };
  }, [pdf, pageNumber, width, zoom]);

  if (error) return <p class="error">{t('pdfFailed', { reason: error })}</p>;
  const count = pdf?.numPages ?? 0;
  return (
    <div class="pdf-viewer">
      <div class="pdf-toolbar">
        <button
          type="button"
          class="button secondary"
          aria-label={t('pdfPrevious')}
          disabled={pageNumber <= 1}
          onClick={() => setPageNumber(pageNumber - 1)}
        >
          ‹
        </button>
        <span class="pdf-page" data-testid="pdf-page">
          {pdf ? t('pdfPage', { page: pageNumber, count }) : t('loading')}
        </span>
        <button
          type="button"
          class="button secondary"
          aria-label={t('pdfNext')}
          disabled={pageNumber >= count}
          onClick={() => setPageNumber(pageNumber + 1)}
        >
          ›
        </button>
        <button type="button" class="button secondary" onClick={() => setZoom(1)}>
          {t('pdfFitWidth')}
        </button>
        <button
          type="button"
          class="button secondary"
          aria-label={t('pdfZoomIn')}
          disabled={zoom >= MAX_ZOOM}
          onClick={() => setZoom(Math.min(zoom * ZOOM_STEP, MAX_ZOOM))}
        >
          +
        </button>
      </div>
      <div class="pdf-frame" ref={frame}>
        <canvas ref={canvas} class="pdf-canvas" data-testid="pdf-canvas" />
      </div>
    </div>
  );
}

/** Renders `page` at `scale` CSS pixels per PDF point, sharp on high-density screens. */
function renderPage(
  page: Awaited<ReturnType<PDFDocumentProxy['getPage']>>,
  canvas: HTMLCanvasElement,
  scale: number,
): RenderTask {
  const viewport = page.getViewport({ scale });
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.floor(viewport.width * ratio);
  canvas.height = Math.floor(viewport.height * ratio);
  canvas.style.width = `${Math.floor(viewport.width)}px`;
  canvas.style.height = `${Math.floor(viewport.height)}px`;
  canvas.removeAttribute('data-rendered-page');
  return page.render({
    canvas,
    viewport,
    transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0],
  });
}
