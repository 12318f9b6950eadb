/** A PDF printed by the browser, read back as the text a reader would copy from each page. */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';

export { pdfjs };

const require = createRequire(import.meta.url);
const PDFJS_DIR = path.dirname(require.resolve('pdfjs-dist/package.json'));
pdfjs.GlobalWorkerOptions.workerSrc ||= pathToFileURL(require.resolve('pdfjs-dist/legacy/build/pdf.worker.mjs')).href;

/** Radicals-supplement forms with no compatibility decomposition, and the characters they stand for. */
const RADICALS: Record<string, string> = {
  '⻔': '门',
  '⻅': '见',
  '⻓': '长',
  '⻋': '车',
  '⻉': '贝',
  '⻚': '页',
  '⻛': '风',
  '⻜': '飞',
  '⻢': '马',
  '⻥': '鱼',
  '⻬': '齐',
  '⻰': '龙',
  '⻄': '西',
  '⻘': '青',
  '⻩': '黄',
  '⻝': '食',
};
/**
 * A PDF's text as a reader copies it: Chromium's CJK font maps some shared glyphs back to radicals (⼭ for 山,
 * ⻔ for 门) in the PDF's ToUnicode table; NFKC and the table above fold them to the characters.
 */
const unradical = (text: string) => text.normalize('NFKC').replace(/[\u2e80-\u2eff]/g, (c) => RADICALS[c] ?? c);

/** The pages of a PDF as text, one string per page. */
export async function pdfPages(bytes: Uint8Array): Promise<string[]> {
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(bytes),
    cMapUrl: `${PDFJS_DIR}/cmaps/`,
    cMapPacked: true,
    standardFontDataUrl: `${PDFJS_DIR}/standard_fonts/`,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(unradical(content.items.map((x) => ('str' in x ? x.str : '')).join('')));
  }
  await doc.destroy();
  return pages;
}
