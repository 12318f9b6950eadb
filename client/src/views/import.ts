/**
 * 导入: documents dropped or chosen, each sent to the preview (its counts, the parser's notes, what importing it would
 * change against the version imported before), then imported one by one or all at once. Both calls need the admin
 * token, asked for by the dialog of documents.ts. The list lives as long as the page: leaving the view and coming
 * back (or switching the language) shows it again.
 */
import { enc, postWithProgress, type DocumentChanges, type DocumentPreview, type WriteResponse } from '../api.ts';
import { h } from '../dom.ts';
import { lang, t, tf } from '../i18n.ts';
import type { ViewContext } from './context.ts';

/** What the file picker offers; dropped files of any name are sent too, since the server reads the format from the bytes. */
export const ACCEPT = '.txt,.csv,.tsv,.html,.htm,.pdf,.docx,.xlsx,.xlsm,.doc,.xls,.wps';

type Phase = 'queued' | 'uploading' | 'parsing' | 'previewed' | 'refused' | 'importing' | 'imported' | 'failed';
type ImportResult = WriteResponse['results'][number];

/** The elements of a file's card that change while it is previewed and imported. */
interface Card {
  root: HTMLElement;
  heading: HTMLElement;
  progressRow: HTMLElement;
  progress: HTMLProgressElement;
  progressText: HTMLElement;
  body: HTMLElement;
  status: HTMLElement;
  button: HTMLButtonElement;
  remove: HTMLButtonElement;
}

interface Entry {
  id: number;
  file: File;
  phase: Phase;
  /** bytes sent of the request under way, and bytes to send */
  sent: number;
  total: number;
  preview: DocumentPreview | null;
  /** the server's message when the preview or the import was refused */
  error: string | null;
  result: ImportResult | null;
  card: Card;
}

const entries: Entry[] = [];
let nextId = 1;
/** previews run one after another, so that each file's progress is its own and the server parses one at a time */
let previews: Promise<void> = Promise.resolve();
/** the page as drawn now, replaced on each render */
let ui: { list: HTMLElement; all: HTMLButtonElement; summary: HTMLElement; zone: HTMLElement; ctx: ViewContext } | null = null;

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const busy = (p: Phase) => p === 'queued' || p === 'uploading' || p === 'parsing' || p === 'importing';
const importable = (e: Entry) => e.phase === 'previewed' || e.phase === 'failed';

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function when(iso: string): string {
  return new Date(iso).toLocaleString(lang() === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

// ---- one file's card

function buildCard(e: Entry): Card {
  const heading = h('h3', { tabindex: '-1', id: `import-file-${e.id}` }, e.file.name);
  const progress = h('progress', { max: '1', value: '0', 'aria-labelledby': `import-file-${e.id}` });
  const progressText = h('span', { class: 'muted' });
  const progressRow = h('div', { class: 'progress-row', 'data-testid': 'card-progress' }, progress, progressText);
  const body = h('div', { class: 'card-body' });
  const status = h('p', { class: 'card-status', role: 'status', 'data-testid': 'card-status' });
  const button = h('button', { type: 'button', class: 'primary', 'data-testid': 'import-one', 'aria-describedby': `import-file-${e.id}` }, t('import.one'));
  button.addEventListener('click', () => void importOne(e));
  const remove = h('button', { type: 'button', class: 'remove', 'aria-label': `${t('import.remove')} ${e.file.name}`, title: t('import.remove') }, '×');
  remove.addEventListener('click', () => removeEntry(e));
  const root = h(
    'article',
    { class: 'preview-card', 'data-testid': 'preview-card', 'data-file': e.file.name, 'aria-labelledby': `import-file-${e.id}` },
    h('header', {}, heading, h('span', { class: 'muted small' }, size(e.file.size)), remove),
    progressRow,
    body,
    h('div', { class: 'card-actions' }, button, status),
  );
  return { root, heading, progressRow, progress, progressText, body, status, button, remove };
}

/** The progress bar of the request under way: bytes sent, then the server reading (indeterminate). */
function paintProgress(e: Entry): void {
  const c = e.card;
  const uploading = e.phase === 'uploading' || e.phase === 'importing';
  c.progressRow.hidden = !(uploading || e.phase === 'parsing');
  if (c.progressRow.hidden) return;
  const done = e.total > 0 && e.sent >= e.total;
  if (e.phase === 'parsing' || done) {
    // the bytes are there; the server is reading them, for as long as it takes
    c.progress.removeAttribute('value');
    c.progressText.textContent = e.phase === 'importing' ? t('import.importing') : t('import.parsing');
  } else {
    c.progress.max = Math.max(1, e.total);
    c.progress.value = e.sent;
    c.progressText.textContent = tf('import.sent', e.total ? Math.floor((100 * e.sent) / e.total) : 0);
  }
}

/** The status line and the import button. */
function paintState(e: Entry): void {
  const c = e.card;
  c.root.dataset.phase = e.phase;
  c.button.setAttribute('aria-disabled', String(!importable(e)));
  // a file the parser refused cannot be imported either: no button to press
  c.button.hidden = e.phase === 'refused';
  c.remove.setAttribute('aria-disabled', String(busy(e.phase) && e.phase !== 'queued'));
  c.status.classList.toggle('error', e.phase === 'failed' || e.phase === 'refused');
  c.status.replaceChildren();
  if (e.phase === 'queued') c.status.textContent = t('import.queued');
  else if (e.phase === 'failed') c.status.textContent = `${t('import.failed')}${t('colon')}${e.error ?? ''}`;
  else if (e.phase === 'imported' && e.result) {
    const r = e.result;
    const link = h('a', { href: '#', 'data-testid': 'card-view' }, t('import.view'));
    link.addEventListener('click', (ev) => (ev.preventDefault(), ui?.ctx.open('org')));
    c.status.append(`${tf('import.result', t(`import.outcome.${r.outcome}`), r.posts, r.items, r.people)} `, link);
  }
  paintProgress(e);
  paintToolbar();
}

/** A list of changes, cut where the server cut it, open when short. */
function changeList(testid: string, sign: '+' | '−' | '~', title: string, list: { total: number; list: string[] }): HTMLElement | null {
  if (list.total === 0) return null;
  const more = list.total - list.list.length;
  const kind = sign === '+' ? 'added' : sign === '−' ? 'removed' : 'changed';
  return h(
    'details',
    { class: `changes ${kind}`, 'data-testid': testid, ...(list.total <= 12 ? { open: true } : {}) },
    h('summary', {}, `${title} (${list.total})`),
    h('ul', {}, ...list.list.map((x) => h('li', {}, h('span', { class: 'sign', 'aria-hidden': 'true' }, sign), ' ', x))),
    more > 0 ? h('p', { class: 'muted small' }, tf('import.more', more)) : null,
  );
}

function changesOf(c: DocumentChanges): HTMLElement[] {
  const fields = (f: string[]) => f.map((x) => t(`field.${x}` as 'field.number')).join('、');
  const post = (p: { unit: string; post: string }) => `${p.unit} / ${p.post}`;
  const groups = [
    changeList('changes-units-added', '+', t('changes.units.added'), c.units.added),
    changeList('changes-units-removed', '−', t('changes.units.removed'), c.units.removed),
    changeList('changes-posts-added', '+', t('changes.posts.added'), {
      total: c.posts.added.total,
      list: c.posts.added.list.map((p) => `${post(p)}（${tf('import.items', p.items)}）`),
    }),
    changeList('changes-posts-removed', '−', t('changes.posts.removed'), {
      total: c.posts.removed.total,
      list: c.posts.removed.list.map((p) => `${post(p)}（${tf('import.items', p.items)}）`),
    }),
    changeList('changes-posts-changed', '~', t('changes.posts.changed'), {
      total: c.posts.changed.total,
      list: c.posts.changed.list.map((p) => `${post(p)}：${tf('import.itemsDelta', p.itemsAdded, p.itemsRemoved, p.itemsChanged)}`),
    }),
    changeList('changes-items-added', '+', t('changes.items.added'), {
      total: c.workItems.added.total,
      list: c.workItems.added.list.map((i) => `${post(i)} / ${i.item}`),
    }),
    changeList('changes-items-removed', '−', t('changes.items.removed'), {
      total: c.workItems.removed.total,
      list: c.workItems.removed.list.map((i) => `${post(i)} / ${i.item}`),
    }),
    changeList('changes-items-changed', '~', t('changes.items.changed'), {
      total: c.workItems.changed.total,
      list: c.workItems.changed.list.map((i) => `${post(i)} / ${i.item}：${fields(i.fields)}`),
    }),
    changeList('changes-people-added', '+', t('changes.people.added'), c.people.added),
    changeList('changes-people-removed', '−', t('changes.people.removed'), c.people.removed),
  ];
  return groups.filter((g): g is HTMLElement => g !== null);
}

/** The preview: counts (with the earlier version's), how it compares, the changes, the parser's notes. */
function previewBody(p: DocumentPreview): HTMLElement[] {
  const was = p.previous?.counts ?? null;
  const count = (key: 'units' | 'posts' | 'workItems' | 'people') =>
    h(
      'div',
      { 'data-testid': `count-${key}` },
      h('dt', {}, t(`count.${key}`)),
      h(
        'dd',
        {},
        h('b', {}, String(p.counts[key])),
        was && was[key] !== p.counts[key] ? h('span', { class: 'muted small' }, ` ${tf('import.was', was[key])}`) : null,
      ),
    );
  const compared = (() => {
    if (!p.previous) return p.inGraph ? t('import.new.inGraph') : t('import.new');
    if (p.previous.identical) return t('import.identical');
    if (p.previous.error) return `${t('import.previous.error')}${p.previous.error}`;
    return tf('import.against', when(p.previous.storedAt));
  })();
  const changes = p.changes && !p.previous?.identical ? changesOf(p.changes) : [];
  const findings = p.findings.list.map((f) => h('li', {}, h('span', { class: 'where' }, f.place ?? tf('import.line', f.lines[0], f.lines[1])), ' ', f.message));
  const moreFindings = p.findings.total - p.findings.list.length;
  return [
    h('p', { class: 'muted small' }, `${t('import.format')} ${p.format}${p.title ? ` · ${p.title}` : ''}`),
    h('dl', { class: 'counts', 'data-testid': 'preview-counts' }, count('units'), count('posts'), count('workItems'), count('people')),
    h('p', { class: `compared${p.previous ? '' : ' new'}`, 'data-testid': 'preview-previous' }, compared),
    p.changes && !p.previous?.identical && changes.length === 0 ? h('p', { class: 'muted' }, t('import.nochange')) : null,
    changes.length ? h('section', { class: 'change-groups', 'data-testid': 'preview-changes', 'aria-label': t('import.changes') }, ...changes) : null,
    p.findings.total
      ? h(
          'details',
          { class: 'findings', 'data-testid': 'preview-findings' },
          h('summary', {}, `${t('import.findings')} (${p.findings.total})`),
          h('ul', {}, ...findings),
          moreFindings > 0 ? h('p', { class: 'muted small' }, tf('import.more', moreFindings)) : null,
        )
      : h('p', { class: 'muted small', 'data-testid': 'preview-findings' }, t('import.findings.none')),
  ].filter((x): x is HTMLElement => x !== null);
}

function paintBody(e: Entry): void {
  const c = e.card;
  if (e.phase === 'refused') {
    c.body.replaceChildren(
      h('p', { class: 'card-error', role: 'alert', 'data-testid': 'card-error' }, `${t('import.preview.failed')}${t('colon')}${e.error ?? ''}`),
    );
  } else if (e.preview) c.body.replaceChildren(...previewBody(e.preview));
  else c.body.replaceChildren();
}

// ---- what happens to a file

async function previewOne(e: Entry): Promise<void> {
  if (!entries.includes(e)) return;
  e.phase = 'uploading';
  paintState(e);
  try {
    e.preview = await postWithProgress<DocumentPreview>(`/api/documents/preview?name=${enc(e.file.name)}`, e.file, (sent, total) => {
      e.sent = sent;
      e.total = total;
      if (total > 0 && sent >= total) e.phase = 'parsing';
      paintProgress(e);
    });
    e.phase = 'previewed';
  } catch (err) {
    e.phase = 'refused';
    e.error = messageOf(err);
  }
  paintBody(e);
  paintState(e);
}

async function importOne(e: Entry): Promise<boolean> {
  if (!importable(e)) return false;
  e.phase = 'importing';
  e.sent = 0;
  e.error = null;
  paintState(e);
  try {
    const r = await postWithProgress<WriteResponse>(`/api/documents?name=${enc(e.file.name)}`, e.file, (sent, total) => {
      e.sent = sent;
      e.total = total;
      paintProgress(e);
    });
    e.result = r.results[0] ?? null;
    e.phase = 'imported';
    if (r.results.some((x) => x.outcome !== 'unchanged')) ui?.ctx.changed();
  } catch (err) {
    e.phase = 'failed';
    e.error = messageOf(err);
  }
  paintState(e);
  return e.phase === 'imported';
}

async function importAll(): Promise<void> {
  const chosen = entries.filter(importable);
  if (!chosen.length) return;
  let ok = 0;
  for (const e of chosen) if (await importOne(e)) ok += 1;
  if (ui) ui.summary.textContent = tf('import.summary', ok, chosen.length - ok);
}

function add(files: File[]): void {
  for (const file of files) {
    // the card is built from the entry, and handles it
    const e = { id: nextId++, file, phase: 'queued', sent: 0, total: file.size, preview: null, error: null, result: null } as Entry;
    e.card = buildCard(e);
    entries.push(e);
    ui?.list.append(e.card.root);
    paintState(e);
    previews = previews.then(() => previewOne(e));
  }
  if (ui) ui.summary.textContent = '';
}

function removeEntry(e: Entry): void {
  if (busy(e.phase) && e.phase !== 'queued') return;
  const at = entries.indexOf(e);
  entries.splice(at, 1);
  e.card.root.remove();
  // focus goes to the next card, or back to the drop zone
  (entries[at]?.card.heading ?? entries[at - 1]?.card.heading ?? ui?.zone)?.focus();
  paintToolbar();
}

function paintToolbar(): void {
  if (!ui) return;
  ui.all.setAttribute('aria-disabled', String(!entries.some(importable)));
}

// ---- the page

/** The drop zone: files dropped on it, or a button (click, Enter, Space) opening the file picker. */
function dropZone(input: HTMLInputElement): HTMLElement {
  const zone = h(
    'div',
    { class: 'dropzone', role: 'button', tabindex: '0', 'aria-describedby': 'import-formats', 'data-testid': 'dropzone' },
    h('span', { class: 'dropzone-icon', 'aria-hidden': 'true' }, '⇪'),
    h('span', { class: 'dropzone-text' }, t('import.drop')),
    h('span', { class: 'muted small', id: 'import-formats' }, t('import.formats')),
  );
  zone.addEventListener('click', () => input.click());
  zone.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      input.click();
    }
  });
  return zone;
}

/** The 导入 view: a drop zone, the files' cards, "import all". */
export function importView(ctx: ViewContext): Promise<void> {
  const input = h('input', { type: 'file', multiple: true, accept: ACCEPT, hidden: true, 'aria-label': t('import.input'), 'data-testid': 'import-input' });
  input.addEventListener('change', () => {
    add([...(input.files ?? [])]);
    input.value = '';
  });
  const zone = dropZone(input);
  const all = h('button', { type: 'button', class: 'primary', 'data-testid': 'import-all' }, t('import.all'));
  all.addEventListener('click', () => void importAll());
  const clear = h('button', { type: 'button', 'data-testid': 'import-clear' }, t('import.clear'));
  clear.addEventListener('click', () => [...entries].filter((e) => !busy(e.phase) || e.phase === 'queued').forEach(removeEntry));
  const summary = h('p', { class: 'summary', role: 'status', 'data-testid': 'import-summary' });
  // cards are built again in the language in use
  for (const e of entries) e.card = buildCard(e);
  const list = h('div', { class: 'preview-list', 'data-testid': 'preview-list' }, ...entries.map((e) => e.card.root));
  ui = { list, all, summary, zone, ctx };
  for (const e of entries) {
    paintBody(e);
    paintState(e);
  }
  paintToolbar();

  const page = h(
    'div',
    { class: 'import-page' },
    h('h2', {}, t('import.title')),
    h('p', { class: 'intro' }, t('import.intro')),
    zone,
    input,
    h('div', { class: 'import-tools' }, all, clear, summary),
    list,
  );
  // a file dropped anywhere on the page is taken, not opened by the browser in place of the page
  const over = (e: DragEvent) => {
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    zone.classList.add('over');
  };
  page.addEventListener('dragenter', over);
  page.addEventListener('dragover', over);
  page.addEventListener('dragleave', (e) => {
    if (!page.contains(e.relatedTarget as Node | null)) zone.classList.remove('over');
  });
  page.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    add([...(e.dataTransfer?.files ?? [])]);
  });
  ctx.page.replaceChildren(page);
  return Promise.resolve();
}
