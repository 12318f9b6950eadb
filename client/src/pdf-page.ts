/**
 * A PDF page drawn in the details panel with a fact's cell outlined, from the original in the document store, so a
 * user can check the fact against the paper. pdf.js is loaded only when a page is asked for.
 */
import { BASE, fetchFile } from './api.ts';
import { h } from './dom.ts';

/** Draws `page` of the document into `into`, scaled to its width, with `box` (PDF points, top-left origin) outlined. */
export async function showPdfPlace(into: HTMLElement, documentId: string, page: number, box: [number, number, number, number]): Promise<void> {
  const [pdfjs, worker, blob] = await Promise.all([
    import('pdfjs-dist'),
    import('pdfjs-dist/build/pdf.worker.min.mjs?url'),
    fetchFile(`/api/documents/${encodeURIComponent(documentId)}/original`),
  ]);
  pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(await blob.arrayBuffer()),
    // Chinese fonts that are not embedded need their CMaps; the server serves pdf.js's own
    cMapUrl: `${BASE}/pdfjs/cmaps/`,
    cMapPacked: true,
    standardFontDataUrl: `${BASE}/pdfjs/standard_fonts/`,
    isEvalSupported: false,
  }).promise;
  try {
    const p = await doc.getPage(page);
    const width = Math.max(240, into.clientWidth || 420);
    const scale = width / p.getViewport({ scale: 1 }).width;
    const viewport = p.getViewport({ scale });
    const canvas = h('canvas', { width: String(Math.round(viewport.width)), height: String(Math.round(viewport.height)) });
    const [x0, y0, x1, y1] = box.map((v) => v * scale) as [number, number, number, number];
    const outline = h('div', { class: 'pdf-cell', 'data-testid': 'pdf-cell' });
    Object.assign(outline.style, { left: `${x0}px`, top: `${y0}px`, width: `${x1 - x0}px`, height: `${y1 - y0}px` });
    const frame = h('div', { class: 'pdf-page', 'data-testid': 'pdf-page' }, canvas, outline);
    into.replaceChildren(frame);
    await p.render({ canvas, viewport }).promise;
    outline.scrollIntoView({ block: 'center' });
  } finally {
    await doc.destroy();
  }
}
