/**
 * PDF reader: recovers a PDF's text and its ruled tables into the table model, by the lattice method of Camelot
 * and pdfplumber. Tables are found from the lines drawn on each page (stroked paths, and thin filled rectangles
 * as Chromium draws borders), text comes from the text layer and is placed into the cells by position, and a
 * table broken over pages is stitched back into one. It knows nothing of 岗位 or 负责人.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { ParseError } from '../errors.ts';
import type { Block, Cell, Place, TableDocument, TableRow } from '../table-model.ts';

/** Progress while a long PDF is read. */
export interface PdfOptions {
  onPage?: (page: number, pages: number) => void;
}

const require = createRequire(import.meta.url);
const PDFJS_DIR = dirname(require.resolve('pdfjs-dist/package.json'));
// In Node pdfjs reads these with fs, so they are plain paths; both must end in '/'.
const CMAP_DIR = `${PDFJS_DIR}/cmaps/`;
const FONT_DIR = `${PDFJS_DIR}/standard_fonts/`;
const WASM_DIR = `${PDFJS_DIR}/wasm/`;
// Node has no Web Worker: the legacy build runs its worker in this thread (a "fake worker") imported from here.
pdfjs.GlobalWorkerOptions.workerSrc ||= pathToFileURL(require.resolve('pdfjs-dist/legacy/build/pdf.worker.mjs')).href;

const { OPS } = pdfjs;
/** pdfjs 5 packs a path into a Float32Array of these op codes with their points inline (its DrawOPS, not exported). */
const DRAW = { moveTo: 0, lineTo: 1, curveTo: 2, quadraticCurveTo: 3, closePath: 4 } as const;

/** Two rule pieces this close (pt) along the same line are one rule; lines this close across are the same line. */
const JOIN = 2;
/** A filled shape thinner than this (pt) is a drawn line, not a cell background. */
const THIN = 2;
/** Grid positions closer than this (pt) are one (double borders, rounding); also the slack of a junction. */
const SNAP = 3;
/** A table edge is drawn where rules cover at least this share of it. */
const EDGE = 0.5;
/** The outer frame of a table must be drawn on this share of each side. */
const FRAME = 0.8;
/** A page with fewer characters than this over an image of half the page or more is a scanned page. */
const SCAN_TEXT = 20;
/** A table is at least this wide and half as high (pt). */
const MIN_TABLE = 24;

type Matrix = [number, number, number, number, number, number];
type Box = [number, number, number, number];

/** A horizontal (at = y, from x a to x b) or vertical (at = x, from y a to y b) line in page coordinates. */
interface Rule {
  at: number;
  a: number;
  b: number;
}

interface Drawing {
  h: Rule[];
  v: Rule[];
  images: boolean;
  /** area (pt²) of the largest image the page paints */
  imageArea: number;
}

/** A run of text with one position: a text item, or the part of one that falls into one cell. */
interface Piece {
  str: string;
  x0: number;
  x1: number;
  /** baseline, y down */
  base: number;
  size: number;
  top: number;
  bottom: number;
  /** a space of its own (pdfjs marks visible gaps with a " " item) */
  space: boolean;
}

interface DraftCell {
  r: number;
  c: number;
  rs: number;
  cs: number;
  box: Box;
  pieces: Piece[];
}

/** A table found on one page: its grid (x and y positions of the rules) and the cells over it. */
interface GridTable {
  box: Box;
  xs: number[];
  ys: number[];
  /** grid row → grid column → the cell covering that position */
  owner: DraftCell[][];
  cells: DraftCell[];
}

type Entry =
  | { kind: 'text'; block: Extract<Block, { kind: 'text' }>; top: number; size: number }
  | { kind: 'table'; rows: TableRow[]; xs: number[]; box: Box; top: number };

interface PageResult {
  page: number;
  height: number;
  entries: Entry[];
  /** font size → characters of that size on the page */
  sizes: Map<number, number>;
}

/** Reads a PDF into text and table blocks in reading order; throws ParseError for encrypted, unreadable or scanned PDFs. */
export async function readPdf(bytes: Uint8Array, file: string, opts: PdfOptions = {}): Promise<TableDocument> {
  const task = pdfjs.getDocument({
    // a copy: pdfjs takes the buffer over, and the caller may still need its bytes
    data: new Uint8Array(bytes),
    cMapUrl: CMAP_DIR,
    cMapPacked: true,
    standardFontDataUrl: FONT_DIR,
    wasmUrl: WASM_DIR,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  let doc: PDFDocumentProxy;
  try {
    doc = await task.promise;
  } catch (err) {
    await task.destroy();
    throw openError(err, file, bytes);
  }
  try {
    const pages: PageResult[] = [];
    let firstScan = 0;
    let anyText = false;
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await getPage(doc, n, file);
      try {
        if (firstScan) {
          // the document is refused already: only find out whether any page has text, to say why
          anyText = await hasTextLayer(page, n, file);
        } else {
          const result = await readPage(page, n, file);
          if (result === 'scan') firstScan = n;
          else {
            anyText ||= result.entries.length > 0;
            pages.push(result);
          }
        }
      } finally {
        page.cleanup();
      }
      opts.onPage?.(n, doc.numPages);
      if (firstScan && anyText) break;
    }
    if (firstScan && anyText)
      throw new ParseError(
        file,
        `page ${firstScan} has no text layer (it is a scanned image); export the PDF again from the original document, or OCR that page`,
      );
    if (firstScan)
      throw new ParseError(
        file,
        `page ${firstScan} has no text layer (it is a scanned image), nor has any other page: the PDF needs OCR (text recognition) before it can be read`,
      );
    if (!anyText)
      throw new ParseError(file, 'the PDF has no text on any page (its letters may be drawn as shapes); it needs OCR (text recognition) before it can be read');
    const blocks = stitch(pages);
    // only page numbers and running headers: nothing a reader could use
    if (!blocks.length)
      throw new ParseError(file, 'the PDF has no text but page numbers and running headers; it needs OCR (text recognition) before it can be read');
    return { format: 'pdf', blocks };
  } finally {
    await doc.destroy();
  }
}

/** A one-page PDF with a ruled cell and a word in it (pdf.js repairs the missing cross-reference table). */
const TINY_PDF =
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
  '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n' +
  '4 0 obj<</Length 60>>stream\n10 10 180 80 re S BT /F1 12 Tf 20 50 Td (warm) Tj ET\nendstream endobj\n' +
  '5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';

/**
 * Reads a tiny PDF once, so pdf.js's modules, worker and font data are loaded before a user's first upload: the
 * first PDF a process reads otherwise costs about two seconds more.
 */
export async function warmUp(): Promise<void> {
  await readPdf(new TextEncoder().encode(TINY_PDF), 'warm-up.pdf').catch(() => undefined);
}

function openError(err: unknown, file: string, bytes: Uint8Array): ParseError {
  const name = err instanceof Error ? err.name : '';
  if (name === 'PasswordException') return new ParseError(file, 'the PDF is encrypted; save it without a password');
  const message = (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').replace(/\.$/, '');
  // a PDF starts with %PDF- (some producers put a little junk before it)
  const isPdf = Buffer.from(bytes.subarray(0, 1024)).includes('%PDF-');
  const why = !bytes.length ? 'the file is empty' : isPdf ? `${message}: it may be truncated or damaged` : 'it has no %PDF header: it is another kind of file';
  return new ParseError(file, `the file is not a readable PDF (${why})`);
}

function pageError(file: string, n: number, err: unknown): ParseError {
  return new ParseError(file, `page ${n} is not readable (${err instanceof Error ? err.message : String(err)})`);
}

async function getPage(doc: PDFDocumentProxy, n: number, file: string): Promise<PDFPageProxy> {
  try {
    return await doc.getPage(n);
  } catch (err) {
    throw pageError(file, n, err);
  }
}

interface TextItemLike {
  str: string;
  transform: number[];
  width: number;
  height: number;
  fontName: string;
}

interface StyleLike {
  ascent?: number;
  descent?: number;
}

async function textContent(page: PDFPageProxy, n: number, file: string): Promise<{ items: TextItemLike[]; styles: Record<string, StyleLike> }> {
  try {
    const content = await page.getTextContent();
    return { items: content.items.filter((i) => 'str' in i), styles: content.styles };
  } catch (err) {
    throw pageError(file, n, err);
  }
}

async function drawing(page: PDFPageProxy, n: number, file: string): Promise<Drawing> {
  try {
    const ops = await page.getOperatorList({ annotationMode: pdfjs.AnnotationMode.DISABLE });
    return readDrawing(ops.fnArray, ops.argsArray as unknown[], page.getViewport({ scale: 1 }).transform as Matrix);
  } catch (err) {
    throw pageError(file, n, err);
  }
}

function characters(items: TextItemLike[]): number {
  return items.reduce((sum, i) => sum + i.str.replace(/\s/g, '').length, 0);
}

/** A page of images and no text, or a scan with a page number or a stamp added as text, is a scanned page. */
function scanned(chars: number, drawn: Drawing, page: PDFPageProxy): boolean {
  const { width, height } = page.getViewport({ scale: 1 });
  return chars === 0 ? drawn.images : chars < SCAN_TEXT && drawn.imageArea >= 0.5 * width * height;
}

/** Whether a page has a text layer, without reading it (to word the refusal of a scanned PDF). */
async function hasTextLayer(page: PDFPageProxy, n: number, file: string): Promise<boolean> {
  const chars = characters((await textContent(page, n, file)).items);
  // most pages are decided by their text alone, without painting their images
  if (chars === 0 || chars >= SCAN_TEXT) return chars > 0;
  return !scanned(chars, await drawing(page, n, file), page);
}

/** One page's tables and text lines in reading order, or 'scan' for a page that is only an image. */
async function readPage(page: PDFPageProxy, n: number, file: string): Promise<PageResult | 'scan'> {
  const viewport = page.getViewport({ scale: 1 });
  const base = viewport.transform as Matrix;
  const { items, styles } = await textContent(page, n, file);
  const drawn = await drawing(page, n, file);
  const chars = characters(items);
  if (scanned(chars, drawn, page)) return 'scan';
  const empty: PageResult = { page: n, height: viewport.height, entries: [], sizes: new Map() };
  if (chars === 0) return empty;

  const tables = findTables(drawn);
  const outside: Piece[] = [];
  for (const item of items) for (const { piece, cell } of place(item, styles[item.fontName], base, tables)) (cell ? cell.pieces : outside).push(piece);
  const sizes = new Map<number, number>();
  for (const p of [...outside, ...tables.flatMap((t) => t.cells.flatMap((c) => c.pieces))]) {
    const size = Math.round(p.size * 10) / 10;
    if (!p.space) sizes.set(size, (sizes.get(size) ?? 0) + p.str.length);
  }

  const entries: Entry[] = [];
  for (const line of groupLines(outside)) {
    const text = joinLine(line);
    if (!text) continue;
    const box = boxOf(line);
    entries.push({ kind: 'text', block: { kind: 'text', text, place: { page: n, box } }, top: box[1], size: lineSize(line) });
  }
  for (const t of tables) entries.push({ kind: 'table', ...tableRows(t, n), box: round(t.box), top: t.box[1] });
  entries.sort((a, b) => a.top - b.top);
  return { ...empty, entries, sizes };
}

// ---------------------------------------------------------------------------------------------------------------
// Rules: the lines drawn on the page

function multiply(m: Matrix, n: Matrix): Matrix {
  // a point goes through n first, then m (the canvas `transform` order)
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

function apply(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

const STROKES = new Set<number>([OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
const FILLS = new Set<number>([OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
const IMAGES = new Set<number>([
  OPS.paintImageXObject,
  OPS.paintInlineImageXObject,
  OPS.paintInlineImageXObjectGroup,
  OPS.paintImageXObjectRepeat,
  OPS.paintImageMaskXObject,
  OPS.paintImageMaskXObjectGroup,
  OPS.paintImageMaskXObjectRepeat,
]);

interface SubPath {
  points: [number, number][];
  segments: [[number, number], [number, number]][];
  curved: boolean;
}

/** The subpaths of a pdfjs 5 path, in page coordinates; curves keep their end points but give no segment. */
function subPaths(path: Float32Array, ctm: Matrix): SubPath[] {
  const out: SubPath[] = [];
  let cur: SubPath | null = null;
  let last: [number, number] = [0, 0];
  const start = (p: [number, number]) => {
    cur = { points: [p], segments: [], curved: false };
    out.push(cur);
    last = p;
  };
  const to = (p: [number, number], straight: boolean) => {
    if (!cur) start(last);
    const sub = cur!;
    if (straight) sub.segments.push([last, p]);
    else sub.curved = true;
    sub.points.push(p);
    last = p;
  };
  for (let i = 0; i < path.length;) {
    switch (path[i]) {
      case DRAW.moveTo:
        start(apply(ctm, path[i + 1]!, path[i + 2]!));
        i += 3;
        break;
      case DRAW.lineTo:
        to(apply(ctm, path[i + 1]!, path[i + 2]!), true);
        i += 3;
        break;
      case DRAW.curveTo:
        to(apply(ctm, path[i + 5]!, path[i + 6]!), false);
        i += 7;
        break;
      case DRAW.quadraticCurveTo:
        to(apply(ctm, path[i + 3]!, path[i + 4]!), false);
        i += 5;
        break;
      case DRAW.closePath: {
        const sub = cur as SubPath | null;
        const first = sub?.points[0];
        if (sub && first && (first[0] !== last[0] || first[1] !== last[1])) sub.segments.push([last, first]);
        if (first) last = first;
        i += 1;
        break;
      }
      default:
        return out; // an op code this reader does not know: keep what was understood
    }
  }
  return out;
}

function isWhite(color: unknown): boolean {
  return typeof color === 'string' && color.toLowerCase() === '#ffffff';
}

/** The horizontal and vertical lines a page draws, and whether it paints images. */
function readDrawing(fns: number[], args: unknown[], base: Matrix): Drawing {
  interface State {
    ctm: Matrix;
    fillWhite: boolean;
    strokeWhite: boolean;
  }
  const h: Rule[] = [];
  const v: Rule[] = [];
  let images = false;
  let imageArea = 0;
  let state: State = { ctm: base, fillWhite: false, strokeWhite: false };
  const stack: State[] = [];
  const addSegment = ([p, q]: [[number, number], [number, number]]) => {
    const dx = Math.abs(q[0] - p[0]);
    const dy = Math.abs(q[1] - p[1]);
    if (dy <= 0.5 && dx >= 0.5) h.push({ at: (p[1] + q[1]) / 2, a: Math.min(p[0], q[0]), b: Math.max(p[0], q[0]) });
    else if (dx <= 0.5 && dy >= 0.5) v.push({ at: (p[0] + q[0]) / 2, a: Math.min(p[1], q[1]), b: Math.max(p[1], q[1]) });
  };
  // a thin filled shape is a line along its long side
  const addThin = (b: Box) => {
    const w = b[2] - b[0];
    const ht = b[3] - b[1];
    if (ht <= THIN && w > ht && w >= 1) h.push({ at: (b[1] + b[3]) / 2, a: b[0], b: b[2] });
    else if (w <= THIN && ht > w && ht >= 1) v.push({ at: (b[0] + b[2]) / 2, a: b[1], b: b[3] });
  };
  for (let i = 0; i < fns.length; i++) {
    const fn = fns[i]!;
    const arg = args[i] as unknown[] | null;
    switch (fn) {
      case OPS.save:
        stack.push({ ...state });
        break;
      case OPS.restore:
      case OPS.paintFormXObjectEnd:
        state = stack.pop() ?? state;
        break;
      case OPS.transform:
        state.ctm = multiply(state.ctm, arg as Matrix);
        break;
      case OPS.paintFormXObjectBegin: {
        stack.push({ ...state });
        const m = arg?.[0];
        if (m instanceof Float32Array || Array.isArray(m)) state.ctm = multiply(state.ctm, Array.from(m as ArrayLike<number>) as Matrix);
        break;
      }
      case OPS.setFillRGBColor:
        state.fillWhite = isWhite(arg?.[0]);
        break;
      case OPS.setStrokeRGBColor:
        state.strokeWhite = isWhite(arg?.[0]);
        break;
      case OPS.constructPath: {
        const paint = arg?.[0] as number;
        const path = (arg?.[1] as unknown[] | undefined)?.[0];
        if (!(path instanceof Float32Array)) break;
        const subs = subPaths(path, state.ctm);
        if (STROKES.has(paint) && !state.strokeWhite) for (const s of subs) s.segments.forEach(addSegment);
        if (FILLS.has(paint) && !state.fillWhite) {
          const boxes = subs.filter((s) => !s.curved && s.points.length >= 2).map((s) => bounds(s.points));
          boxes.forEach(addThin);
          addFrames(boxes, h, v);
        }
        break;
      }
      default:
        if (IMAGES.has(fn)) {
          // an image fills the unit square of its transformation
          const b = bounds([apply(state.ctm, 0, 0), apply(state.ctm, 1, 0), apply(state.ctm, 0, 1), apply(state.ctm, 1, 1)]);
          images = true;
          imageArea = Math.max(imageArea, (b[2] - b[0]) * (b[3] - b[1]));
        }
    }
  }
  return { h, v, images, imageArea };
}

function bounds(points: [number, number][]): Box {
  // a loop, not Math.min(...): a seal or an emblem drawn as one path has more points than a call takes arguments
  const box: Box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of points) {
    if (x < box[0]) box[0] = x;
    if (y < box[1]) box[1] = y;
    if (x > box[2]) box[2] = x;
    if (y > box[3]) box[3] = y;
  }
  return box;
}

/** A filled path of a rectangle with a slightly smaller one cut out of it is a drawn frame (a border as one shape). */
function addFrames(boxes: Box[], h: Rule[], v: Rule[]) {
  // a frame is a few rectangles; many small polygons are drawn letters or a picture
  if (boxes.length < 2 || boxes.length > 16) return;
  for (const o of boxes) {
    for (const i of boxes) {
      if (i === o) continue;
      const margins = [i[0] - o[0], i[1] - o[1], o[2] - i[2], o[3] - i[3]];
      if (!margins.every((m) => m >= 0 && m <= SNAP) || i[2] - i[0] <= SNAP || i[3] - i[1] <= SNAP) continue;
      h.push({ at: (o[1] + i[1]) / 2, a: o[0], b: o[2] }, { at: (o[3] + i[3]) / 2, a: o[0], b: o[2] });
      v.push({ at: (o[0] + i[0]) / 2, a: o[1], b: o[3] }, { at: (o[2] + i[2]) / 2, a: o[1], b: o[3] });
    }
  }
}

/** Joins collinear pieces of rules that overlap or nearly meet into whole rules. */
function mergeRules(rules: Rule[]): Rule[] {
  const sorted = [...rules].sort((p, q) => p.at - q.at);
  const out: Rule[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i + 1;
    while (j < sorted.length && sorted[j]!.at - sorted[i]!.at <= JOIN) j++;
    const group = sorted.slice(i, j).sort((p, q) => p.a - q.a);
    const at = group.reduce((s, r) => s + r.at, 0) / group.length;
    let cur: Rule = { at, a: group[0]!.a, b: group[0]!.b };
    for (const r of group.slice(1)) {
      if (r.a <= cur.b + JOIN) cur.b = Math.max(cur.b, r.b);
      else {
        out.push(cur);
        cur = { at, a: r.a, b: r.b };
      }
    }
    out.push(cur);
    i = j;
  }
  return out;
}

function touches(h: Rule, v: Rule): boolean {
  return v.at >= h.a - SNAP && v.at <= h.b + SNAP && h.at >= v.a - SNAP && h.at <= v.b + SNAP;
}

/** Share of [a, b] that rules near `at` cover. */
function coverage(rules: Rule[], at: number, a: number, b: number): number {
  if (b <= a) return 0;
  const spans = rules
    .filter((r) => Math.abs(r.at - at) <= SNAP && r.b > a && r.a < b)
    .map((r) => [Math.max(a, r.a), Math.min(b, r.b)] as const)
    .sort((p, q) => p[0] - q[0]);
  let covered = 0;
  let end = a;
  for (const [s, e] of spans) {
    if (e <= end) continue;
    covered += e - Math.max(s, end);
    end = e;
  }
  return covered / (b - a);
}

/** Distinct positions: values closer than SNAP are one, at their mean. */
function positions(values: number[]): number[] {
  const sorted = [...values].sort((p, q) => p - q);
  const out: number[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i + 1;
    while (j < sorted.length && sorted[j]! - sorted[j - 1]! < SNAP) j++;
    const group = sorted.slice(i, j);
    out.push(group.reduce((s, x) => s + x, 0) / group.length);
    i = j;
  }
  return out;
}

/** The ruled tables of a page: connected groups of horizontal and vertical rules with a closed outer frame. */
function findTables(drawing: Drawing): GridTable[] {
  let h = mergeRules(drawing.h);
  let v = mergeRules(drawing.v);
  // a table's rules meet others at both ends; an underline or a lone line meets none
  for (let pass = 0; pass < 4; pass++) {
    const h2 = h.filter((r) => v.filter((s) => touches(r, s)).length >= 2);
    const v2 = v.filter((s) => h2.filter((r) => touches(r, s)).length >= 2);
    const stable = h2.length === h.length && v2.length === v.length;
    h = h2;
    v = v2;
    if (stable) break;
  }
  // connected groups (union-find over h then v)
  const parent = [...Array(h.length + v.length).keys()];
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  h.forEach((r, i) =>
    v.forEach((s, j) => {
      if (touches(r, s)) parent[find(i)] = find(h.length + j);
    }),
  );
  const groups = new Map<number, { h: Rule[]; v: Rule[] }>();
  const group = (i: number) => groups.get(find(i)) ?? groups.set(find(i), { h: [], v: [] }).get(find(i))!;
  h.forEach((r, i) => group(i).h.push(r));
  v.forEach((s, j) => group(h.length + j).v.push(s));

  return [...groups.values()].flatMap((g) => gridTable(g.h, g.v) ?? []);
}

/** The grid of one group of rules and its cells, merged where a rule between two grid positions is missing. */
function gridTable(h: Rule[], v: Rule[]): GridTable | null {
  if (h.length < 2 || v.length < 2) return null;
  const xs = positions(v.map((s) => s.at));
  const ys = positions(h.map((r) => r.at));
  if (xs.length < 2 || ys.length < 2) return null;
  const x0 = xs[0]!;
  const x1 = xs.at(-1)!;
  // A row broken by the page break (Chromium draws no rule there) ends where both outer sides end.
  const side = (x: number) => v.filter((s) => Math.abs(s.at - x) <= SNAP);
  const sideTop = Math.max(...[x0, x1].map((x) => Math.min(...side(x).map((s) => s.a))));
  const sideBottom = Math.min(...[x0, x1].map((x) => Math.max(...side(x).map((s) => s.b))));
  if (sideTop < ys[0]! - 2 * SNAP) ys.unshift(sideTop);
  if (sideBottom > ys.at(-1)! + 2 * SNAP) ys.push(sideBottom);
  const y0 = ys[0]!;
  const y1 = ys.at(-1)!;
  // letters drawn as shapes make tiny grids
  if (x1 - x0 < MIN_TABLE || y1 - y0 < MIN_TABLE / 2) return null;
  // flowcharts and underlined forms connect lines too; a table is closed on both sides, and at its top or bottom
  if (coverage(v, x0, y0, y1) < FRAME || coverage(v, x1, y0, y1) < FRAME) return null;
  if (coverage(h, y0, x0, x1) < FRAME && coverage(h, y1, x0, x1) < FRAME) return null;

  const rows = ys.length - 1;
  const cols = xs.length - 1;
  const vEdge = (c: number, r: number) => coverage(v, xs[c]!, ys[r]!, ys[r + 1]!) >= EDGE;
  const hEdge = (r: number, c: number) => coverage(h, ys[r]!, xs[c]!, xs[c + 1]!) >= EDGE;
  const owner: (DraftCell | undefined)[][] = Array.from({ length: rows }, () => Array<DraftCell | undefined>(cols));
  const cells: DraftCell[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (owner[r]![c]) continue;
      let cs = 1;
      while (c + cs < cols && !vEdge(c + cs, r) && !owner[r]![c + cs]) cs++;
      let rs = 1;
      const open = (row: number) => {
        for (let k = c; k < c + cs; k++) if (hEdge(row, k) || owner[row]![k] || (k > c && vEdge(k, row))) return false;
        return true;
      };
      while (r + rs < rows && open(r + rs)) rs++;
      const cell: DraftCell = { r, c, rs, cs, box: [xs[c]!, ys[r]!, xs[c + cs]!, ys[r + rs]!], pieces: [] };
      cells.push(cell);
      for (let i = r; i < r + rs; i++) for (let k = c; k < c + cs; k++) owner[i]![k] = cell;
    }
  }
  if (cells.length < 2) return null; // one framed box is a note or a flowchart box, not a table
  return { box: [x0, y0, x1, y1], xs, ys, owner: owner as DraftCell[][], cells };
}

/** Index of the interval of `edges` (sorted) that holds `x`, or -1. */
function slot(edges: number[], x: number): number {
  if (x < edges[0]! || x > edges.at(-1)!) return -1;
  for (let i = 1; i < edges.length; i++) if (x <= edges[i]!) return i - 1;
  return -1;
}

function cellAt(tables: GridTable[], x: number, y: number): DraftCell | null {
  for (const t of tables) {
    const r = slot(t.ys, y);
    const c = slot(t.xs, x);
    if (r >= 0 && c >= 0) return t.owner[r]![c]!;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Text

/**
 * CJK radicals that a font's ToUnicode gives for the ideograph sharing their glyph (Chromium's and Word's exports
 * do: 门 comes out as ⻔, 工 as ⼯), in pairs of radical and ideograph, after Unicode's EquivalentUnifiedIdeograph
 * and checked against Noto CJK SC as Chromium prints it. The Kangxi radicals (⼯) and compatibility ideographs are
 * mapped by NFKC, but ⼾, whose NFKC is the traditional 戶: simplified fonts draw it as 户.
 */
const RADICALS = new Map(
  (
    '⺂乛⺃乚⺅亻⺉刂⺋㔾⺌小⺍小⺎兀⺏尣⺐尢⺒巳⺓幺⺔彑⺕彐⺖忄⺗心⺘扌⺙攵⺛旡⺜日' +
    '⺝月⺠民⺡氵⺣灬⺤爫⺦丬⺧牛⺨犭⺩王⺪疋⺫目⺬示⺭礻⺰纟⺳网⺶羊⺻聿⺼肉⺽臼⺾艹' +
    '⻁虎⻂衤⻄西⻅见⻆角⻈讠⻉贝⻋车⻌辶⻐钅⻑長⻓长⻔门⻖阝⻗雨⻘青⻙韦⻚页⻛风⻜飞' +
    '⻝食⻠饣⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻬齐⻮齿⻰龙⻱龜⼾户'
  )
    .match(/../gu)!
    .map((pair) => [pair[0]!, pair[1]!] as const),
);

/** Text as the reader wants it: Kangxi radicals and compatibility ideographs as the ideographs, no control characters. */
function normalizeText(s: string): string {
  return s
    .replace(/[\u2e80-\u2fdf\uf900-\ufaff]/g, (ch) => RADICALS.get(ch) ?? ch.normalize('NFKC'))
    .replace(/[\t\u00a0\u3000]/g, ' ')
    .replace(/\p{Cc}/gu, '');
}

const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u;

/** A full-width character (CJK, full-width punctuation): about one em wide, and written without spaces. */
function isWide(ch: string | undefined): boolean {
  return ch !== undefined && WIDE.test(ch);
}

/** A text item as pieces, each with the cell it falls into (null: outside every table). */
function place(item: TextItemLike, style: StyleLike | undefined, base: Matrix, tables: GridTable[]): { piece: Piece; cell: DraftCell | null }[] {
  const str = normalizeText(item.str);
  if (!str) return [];
  const t = item.transform;
  const [ox, oy] = apply(base, t[4]!, t[5]!);
  // the text's direction and size in page coordinates
  const dx = base[0] * t[0]! + base[2] * t[1]!;
  const dy = base[1] * t[0]! + base[3] * t[1]!;
  const size = Math.hypot(t[2]!, t[3]!) * Math.hypot(base[0], base[1]) || item.height || 1;
  const ascent = style?.ascent && style.ascent > 0.5 && style.ascent < 1.2 ? style.ascent : 0.88;
  const descent = style?.descent && style.descent < 0 && style.descent > -0.5 ? style.descent : -0.12;
  const space = !str.trim();
  const horizontal = dx > 0 && Math.abs(dy) <= 0.05 * dx;
  if (!horizontal) {
    // rotated or vertical text: placed whole, by its middle (half a glyph above the baseline's middle)
    const len = Math.hypot(dx, dy) || 1;
    const [ux, uy] = [dx / len, dy / len];
    const ex = ox + ux * item.width;
    const ey = oy + uy * item.width;
    const [mx, my] = [(ox + ex) / 2 + uy * 0.38 * size, (oy + ey) / 2 - ux * 0.38 * size];
    const piece: Piece = { str, x0: Math.min(ox, ex), x1: Math.max(ox, ex), base: my, size, top: Math.min(oy, ey) - size, bottom: Math.max(oy, ey), space };
    // text at a slant across the page is a watermark, not the content of the cell it happens to cross
    const slanted = Math.min(Math.abs(ux), Math.abs(uy)) > 0.1;
    return [{ piece, cell: slanted ? null : cellAt(tables, mx, my) }];
  }
  const top = oy - ascent * size;
  const bottom = oy - descent * size;
  const mid = (top + bottom) / 2;
  const make = (s: string, x0: number, x1: number): Piece => ({ str: s, x0, x1, base: oy, size, top, bottom, space: !s.trim() });
  const x1 = ox + item.width;
  const chars = Array.from(str);
  // where each character stands: full-width glyphs one em, the others about half; spaces take up what is left,
  // since pdf.js writes the gap across a cell's padding and rule as a space inside the run
  const nominal = chars.map((ch) => (ch === ' ' ? 0 : isWide(ch) ? size : 0.55 * size));
  const spaces = chars.filter((ch) => ch === ' ').length;
  const written = nominal.reduce((s, w) => s + w, 0);
  const slack = item.width - written;
  const widths =
    spaces > 0 && slack > 0
      ? chars.map((ch, i) => (ch === ' ' ? slack / spaces : nominal[i]!))
      : chars.map((ch, i) => ((ch === ' ' ? 0.25 * size : nominal[i]!) * item.width) / (written + spaces * 0.25 * size || 1));
  const edges = [ox];
  for (const w of widths) edges.push(edges.at(-1)! + w);
  const snapped = snapToSpaces(chars, nominal, edges, x1, mid, tables);
  const cellOf = (i: number) => cellAt(tables, snapped ? snapped(i) : (edges[i]! + edges[i + 1]!) / 2, mid);
  const first = cellOf(0);
  if (chars.length === 1 || first === cellOf(chars.length - 1)) return [{ piece: make(str, ox, x1), cell: first }];
  // the item straddles a rule: split it where its characters cross into another cell
  const out: { piece: Piece; cell: DraftCell | null }[] = [];
  let from = 0;
  let cell = first;
  for (let i = 1; i <= chars.length; i++) {
    const next = i < chars.length ? cellOf(i) : undefined;
    if (next === cell) continue;
    const s = chars.slice(from, i).join('');
    if (s) out.push({ piece: make(s, edges[from]!, edges[i]!), cell });
    from = i;
    cell = next ?? null;
  }
  return out;
}

/**
 * Where a run of text crosses the rules of a table at spaces (pdf.js writes the gap over a cell's padding and its
 * rule as a space), each rule is matched to the space where the text before it fits left of the rule and the text
 * after it fits right of it. Returns, for each character, an x inside the cell it belongs to; null when some rule
 * meets no such space (the run is then split by its characters' estimated widths).
 */
function snapToSpaces(chars: string[], nominal: number[], edges: number[], x1: number, y: number, tables: GridTable[]): ((i: number) => number) | null {
  const x0 = edges[0]!;
  const table = tables.find((t) => y >= t.box[1] && y <= t.box[3] && x1 > t.box[0] && x0 < t.box[2]);
  const rules = (table?.xs ?? []).filter((x) => x > x0 + 1 && x < x1 - 1);
  const spaceAt = chars.flatMap((ch, i) => (ch === ' ' ? [i] : []));
  if (!rules.length || spaceAt.length < rules.length) return null;
  const before = (i: number) => nominal.slice(0, i).reduce((s, w) => s + w, 0);
  const after = (i: number) => nominal.slice(i + 1).reduce((s, w) => s + w, 0);
  const cuts: number[] = [];
  for (const rule of rules) {
    const costs = spaceAt
      .filter((i) => i > (cuts.at(-1) ?? -1))
      .map((i) => ({
        i,
        misfit: Math.max(0, x0 + before(i) - rule) + Math.max(0, rule - (x1 - after(i))),
        off: Math.abs((edges[i]! + edges[i + 1]!) / 2 - rule),
      }))
      // the space where both sides fit; of several, the one the estimated widths put nearest the rule
      .sort((a, b) => a.misfit - b.misfit || a.off - b.off);
    const best = costs[0];
    if (!best || best.misfit > 2 * Math.max(...nominal, 1)) return null;
    cuts.push(best.i);
  }
  const bounds = [x0, ...rules, x1];
  return (i) => {
    const k = cuts.filter((c) => c < i).length;
    return (bounds[k]! + bounds[k + 1]!) / 2;
  };
}

/** Pieces grouped into lines by baseline, top to bottom, each line left to right. */
function groupLines(pieces: Piece[]): Piece[][] {
  const sorted = [...pieces].sort((p, q) => p.base - q.base || p.x0 - q.x0);
  const lines: { base: number; size: number; pieces: Piece[] }[] = [];
  for (const p of sorted) {
    const last = lines.at(-1);
    if (last && p.base - last.base <= 0.45 * Math.max(last.size, p.size)) last.pieces.push(p);
    else lines.push({ base: p.base, size: p.size, pieces: [p] });
  }
  return lines.map((l) => l.pieces.sort((p, q) => p.x0 - q.x0));
}

/** One line's text: no space between CJK pieces, a space where the text has one or Latin words stand apart. */
function joinLine(line: Piece[]): string {
  let out = '';
  let prev: Piece | null = null;
  let spaced = false;
  for (const p of line) {
    if (p.space) {
      spaced = out !== '';
      continue;
    }
    // fake bold: the same text drawn twice, a hair apart
    if (p.str === prev?.str && Math.abs(p.x0 - prev.x0) < 0.3 * p.size) continue;
    if (prev) {
      const gap = p.x0 - prev.x1;
      // between Chinese and Latin or digits a narrow gap is the typesetter's spacing (业务岗 1), not a space in the text
      const autospace = isWide(out.at(-1)) !== isWide(p.str[0]) && gap < 0.6 * Math.min(p.size, prev.size);
      if ((spaced && !autospace) || (gap > 0.2 * Math.min(p.size, prev.size) && !isWide(out.at(-1)) && !isWide(p.str[0]))) out += ' ';
    }
    out += p.str;
    prev = p;
    spaced = false;
  }
  return (
    out
      .replace(/ {2,}/g, ' ')
      // the space pdf.js infers between a Chinese character and a digit is the typesetter's spacing (业务岗 1)
      .replace(/(?<=[\u4e00-\u9fff]) (?=\d)|(?<=\d) (?=[\u4e00-\u9fff])/gu, '')
      .trim()
  );
}

function boxOf(pieces: Piece[]): Box {
  const real = pieces.filter((p) => !p.space);
  const ps = real.length ? real : pieces;
  return round([Math.min(...ps.map((p) => p.x0)), Math.min(...ps.map((p) => p.top)), Math.max(...ps.map((p) => p.x1)), Math.max(...ps.map((p) => p.bottom))]);
}

function lineSize(line: Piece[]): number {
  const real = line.filter((p) => !p.space);
  const chars = real.reduce((s, p) => s + p.str.length, 0);
  return chars ? real.reduce((s, p) => s + p.size * p.str.length, 0) / chars : 0;
}

/** The body text size: the median font size over the characters. */
function medianSize(sizes: Map<number, number>): number {
  const total = [...sizes.values()].reduce((s, n) => s + n, 0);
  let seen = 0;
  for (const [size, n] of [...sizes].sort((a, b) => a[0] - b[0])) {
    seen += n;
    if (seen * 2 >= total) return size;
  }
  return 0;
}

/**
 * Marks lines clearly larger than the body text as headings: the page's body text, or the document's on a page
 * with little text (a cover).
 */
function markHeadings(pages: PageResult[]) {
  const all = new Map<number, number>();
  for (const p of pages) for (const [size, n] of p.sizes) all.set(size, (all.get(size) ?? 0) + n);
  const documentSize = medianSize(all);
  for (const p of pages) {
    const chars = [...p.sizes.values()].reduce((s, n) => s + n, 0);
    const body = chars >= 100 ? medianSize(p.sizes) : documentSize;
    for (const e of p.entries) if (e.kind === 'text' && body > 0 && e.size > 1.25 * body) e.block.heading = 2;
  }
}

function round(b: Box): Box {
  return b.map((x) => Math.round(x * 100) / 100) as Box;
}

/**
 * A cell's lines, and for each break between them whether the line ran to the cell's right edge (the next glyph
 * would not have fitted: a wrap of the layout, not a break the writer made). The right padding is taken to equal
 * the left one.
 */
function cellText(d: DraftCell): { text: string; wraps?: boolean[] } {
  const lines = groupLines(d.pieces)
    .map((line) => ({ text: joinLine(line), line }))
    .filter((l) => l.text);
  if (lines.length < 2) return { text: lines[0]?.text ?? '' };
  const real = (line: Piece[]) => line.filter((p) => !p.space);
  const left = Math.min(...lines.flatMap((l) => real(l.line).map((p) => p.x0)));
  const innerRight = d.box[2] - Math.max(0, left - d.box[0]);
  // wrapped: the next line's first unbreakable unit would not have fitted in the room left on this one
  const wraps = lines.slice(0, -1).map((l, i) => {
    const size = lineSize(l.line);
    return innerRight - Math.max(...real(l.line).map((p) => p.x1)) < firstUnit(lines[i + 1]!.text) * size + 0.3 * size;
  });
  return { text: lines.map((l) => l.text).join('\n'), wraps };
}

const OPENING = '“‘（(《〈【[「『';
const CLOSING = '。，、；：？！）)》〉】]」』”’.,;:!?';

/**
 * The width, in ems, of what a line begins with that no line may be broken inside: opening brackets with the
 * character after them, a run of Latin letters and digits (9.18), and the closing punctuation after it (作。).
 */
function firstUnit(line: string): number {
  const chars = Array.from(line);
  let i = 0;
  while (i < chars.length && OPENING.includes(chars[i]!)) i++;
  if (i < chars.length && !isWide(chars[i]) && chars[i] !== ' ') while (i < chars.length && !isWide(chars[i]) && chars[i] !== ' ') i++;
  else i++;
  while (i < chars.length && CLOSING.includes(chars[i]!)) i++;
  return chars.slice(0, i).reduce((w, ch) => w + (isWide(ch) ? 1 : 0.55), 0);
}

/** A page's table as rows of cells, leaving out grid rows and columns no cell starts in (they only split a span). */
function tableRows(t: GridTable, page: number): { rows: TableRow[]; xs: number[] } {
  const rowStarts = new Set(t.cells.map((c) => c.r));
  const colStarts = new Set(t.cells.map((c) => c.c));
  const count = (starts: Set<number>, from: number, n: number) => [...starts].filter((s) => s >= from && s < from + n).length;
  const byRow = new Map<number, DraftCell[]>();
  for (const c of t.cells) byRow.set(c.r, [...(byRow.get(c.r) ?? []), c]);
  const rows: TableRow[] = [];
  for (const r of [...byRow.keys()].sort((a, b) => a - b)) {
    const draft = byRow.get(r)!.sort((a, b) => a.c - b.c);
    const cells: Cell[] = draft.map((d) => ({
      ...cellText(d),
      rowSpan: count(rowStarts, d.r, d.rs),
      colSpan: count(colStarts, d.c, d.cs),
      place: { page, box: round(d.box) },
    }));
    const bottom = Math.min(...draft.map((d) => d.box[3]));
    const place: Place = { page, box: round([t.box[0], t.ys[r]!, t.box[2], bottom]) };
    rows.push({ cells, place });
  }
  const xs = [...[...colStarts].sort((a, b) => a - b).map((c) => t.xs[c]!), t.box[2]];
  return { rows, xs };
}

// ---------------------------------------------------------------------------------------------------------------
// Pages into one document

const PAGE_NUMBER = /^(?:[-–—－\s]*\d{1,4}[-–—－\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*\/\s*\d+|page \d+(?: of \d+)?)$/i;
/** Running headers and footers stand in this share of the page height at its top or bottom. */
const MARGIN = 0.12;

/**
 * Page furniture: page numbers, and running headers or footers (the same line in the top or bottom margin of more
 * than one page). They are dropped, but for a running header's first appearance, and never separate a table that
 * goes on over the page break.
 */
function furniture(pages: PageResult[]): { skip: Set<Entry>; drop: Set<Entry> } {
  const skip = new Set<Entry>();
  const drop = new Set<Entry>();
  const margin = (p: PageResult, e: Entry) =>
    e.kind === 'text' && (e.block.place.box![3] <= p.height * MARGIN || e.block.place.box![1] >= p.height * (1 - MARGIN));
  const seen = new Map<string, Entry[]>();
  for (const p of pages) {
    for (const e of p.entries) {
      if (e.kind !== 'text' || !margin(p, e)) continue;
      if (PAGE_NUMBER.test(e.block.text.trim())) {
        skip.add(e);
        drop.add(e);
        continue;
      }
      const key = e.block.text.replace(/\d+/g, '#').replace(/\s+/g, '');
      seen.set(key, [...(seen.get(key) ?? []), e]);
    }
  }
  for (const es of seen.values()) {
    const onPages = new Set(es.map((e) => (e.kind === 'text' ? e.block.place.page : 0)));
    if (onPages.size < 2) continue;
    es.forEach((e, i) => {
      skip.add(e);
      if (i > 0) drop.add(e);
    });
  }
  return { skip, drop };
}

function rowKey(row: TableRow): string {
  return row.cells.map((c) => `${c.rowSpan}:${c.colSpan}:${c.text.replace(/\s+/g, '')}`).join('|');
}

/** The pages' blocks in reading order, with a table that goes on over a page break as one table block. */
function stitch(pages: PageResult[]): Block[] {
  markHeadings(pages);
  const { skip, drop } = furniture(pages);
  const blocks: Block[] = [];
  let open: { block: Extract<Block, { kind: 'table' }>; xs: number[] } | null = null;
  for (const p of pages) {
    const entries = p.entries.filter((e) => !drop.has(e));
    const content = entries.filter((e) => !skip.has(e));
    for (const e of entries) {
      if (e.kind === 'text') {
        blocks.push(e.block);
        if (!skip.has(e)) open = null;
        continue;
      }
      if (open && e === content[0] && sameColumns(open.xs, e.xs)) append(open.block, e.rows, open.xs);
      else {
        const block: Extract<Block, { kind: 'table' }> = { kind: 'table', rows: e.rows, place: { page: p.page, box: e.box } };
        blocks.push(block);
        open = { block, xs: e.xs };
      }
      if (e !== content.at(-1)) open = null;
    }
  }
  return blocks;
}

function sameColumns(master: number[], cont: number[]): boolean {
  const near = (a: number, b: number) => Math.abs(a - b) <= SNAP;
  return near(master[0]!, cont[0]!) && near(master.at(-1)!, cont.at(-1)!) && cont.every((x) => master.some((m) => near(m, x)));
}

/** Adds a continuation's rows to the table, counted in its columns, without the header it repeats. */
function append(table: Extract<Block, { kind: 'table' }>, rows: TableRow[], xs: number[]) {
  const column = (x: number) => xs.reduce((best, m, i) => (Math.abs(m - x) < Math.abs(xs[best]! - x) ? i : best), 0);
  for (const row of rows) for (const c of row.cells) if (c.place.box) c.colSpan = Math.max(1, column(c.place.box[2]) - column(c.place.box[0]));
  // the header repeated on the new page: the longest run of the table's first rows, without spans reaching past it
  let repeated = 0;
  for (let k = 1; k <= Math.min(rows.length, table.rows.length); k++) {
    const same = rows.slice(0, k).every((r, i) => r.cells.some((c) => c.text.trim()) && rowKey(r) === rowKey(table.rows[i]!));
    if (!same) break;
    if (rows.slice(0, k).every((r, i) => r.cells.every((c) => c.rowSpan <= k - i))) repeated = k;
  }
  for (let i = 0; i < repeated; i++) table.rows[i]!.header = true;
  const rest = rows.slice(repeated);
  if (rest[0]) rest[0].continues = true;
  table.rows.push(...rest);
}
