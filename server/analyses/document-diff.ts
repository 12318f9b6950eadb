/**
 * What changes when a document is imported again: two versions of the same document compared, unit by unit, post by
 * post, work item by work item, and the people named in them. Pure: it takes the parsed documents (any object of the
 * canonical document's shape) and answers plain data, so the import preview can show it before anything is written.
 *
 * Identity, since the tables carry no ids:
 * - a post is its unit's name and its title;
 * - a work item is its post and its title, or for a duty post (a centre's, whose items have no title) its first
 *   function (else its first responsibility, else its position);
 * - a person is a name, as a lead or an assistant anywhere in the document.
 * Whitespace inside names and titles does not count. Where two posts of a unit (or two items of a post) share a key,
 * the later ones are told apart by their order: `title (2)`.
 *
 * A post is changed when one of its work items was added, removed or changed (its functions, responsibilities,
 * workflow, leads, assistants, remarks or number). The items of a post added or removed are not listed again
 * among the items: the post carries their count.
 */

import { squash } from '../parse/text.ts';

/** A function or a responsibility, as the canonical document has it. */
interface StatementLike {
  text: string;
  type: string | null;
}

/** The parts of a work item the comparison reads. */
export interface DiffItem {
  number: number | null;
  title: string | null;
  functions: readonly StatementLike[];
  responsibilities: readonly StatementLike[];
  workflowCodes: readonly string[];
  steps: readonly string[];
  leads: readonly string[];
  assistants: readonly string[];
  remarks: string | null;
}

/** The parts of a document the comparison reads: a CanonicalDocument is one. */
export interface DiffDocument {
  units: readonly { name: string; posts: readonly { title: string; workItems: readonly DiffItem[] }[] }[];
}

/** The fields of a work item a change is reported in. */
export type ItemField = 'number' | 'functions' | 'responsibilities' | 'workflow' | 'leads' | 'assistants' | 'remarks';

export interface PostRef {
  unit: string;
  post: string;
  /** work items of the post (in the version that has it) */
  items: number;
}
export interface PostChange {
  unit: string;
  post: string;
  itemsAdded: number;
  itemsRemoved: number;
  itemsChanged: number;
}
export interface ItemRef {
  unit: string;
  post: string;
  /** the item's title, or for a duty post its first function */
  item: string;
}
export interface ItemChange extends ItemRef {
  fields: ItemField[];
}
/** A list cut to a length, with how many there are in all. */
export interface Capped<T> {
  total: number;
  list: T[];
}
export interface DocumentChanges {
  units: { added: Capped<string>; removed: Capped<string> };
  posts: { added: Capped<PostRef>; removed: Capped<PostRef>; changed: Capped<PostChange> };
  workItems: { added: Capped<ItemRef>; removed: Capped<ItemRef>; changed: Capped<ItemChange> };
  people: { added: Capped<string>; removed: Capped<string> };
}
export interface DocumentCounts {
  units: number;
  posts: number;
  workItems: number;
  /** distinct names among leads and assistants */
  people: number;
}

/** How many entries each list keeps by default. */
export const DIFF_CAP = 200;

/** Makes keys unique in order of appearance: the second `x` is `x (2)`. */
function numbered(keys: string[]): string[] {
  const seen = new Map<string, number>();
  return keys.map((k) => {
    const n = (seen.get(k) ?? 0) + 1;
    seen.set(k, n);
    return n === 1 ? k : `${k} (${n})`;
  });
}

/** The label a work item is known by within its post. */
export function itemLabel(item: DiffItem, position: number): string {
  const text = item.title ?? item.functions[0]?.text ?? item.responsibilities[0]?.text ?? null;
  return text !== null && squash(text) !== '' ? squash(text) : `#${position + 1}`;
}

/** The names of the people a document lists as leads or assistants, each once, in order of first appearance. */
export function peopleOf(doc: DiffDocument): string[] {
  const names = new Set<string>();
  for (const u of doc.units) for (const p of u.posts) for (const i of p.workItems) for (const n of [...i.leads, ...i.assistants]) names.add(n);
  return [...names];
}

/** Units, posts, work items and people of a document. */
export function documentCounts(doc: DiffDocument): DocumentCounts {
  let posts = 0;
  let workItems = 0;
  for (const u of doc.units) {
    posts += u.posts.length;
    for (const p of u.posts) workItems += p.workItems.length;
  }
  return { units: doc.units.length, posts, workItems, people: peopleOf(doc).length };
}

interface KeyedPost {
  unit: string;
  post: string;
  items: Map<string, DiffItem>;
}

/** Posts by `unit / title`, each with its items by label, in document order. */
function keyedPosts(doc: DiffDocument): Map<string, KeyedPost> {
  const rows = doc.units.flatMap((u) => u.posts.map((p) => ({ unit: squash(u.name), post: squash(p.title), items: p.workItems })));
  // the unit and the title, apart; a title repeated within its unit gets its order: `业务岗 (2)`
  const keys = numbered(rows.map((r) => `${r.unit}\u0000${r.post}`));
  return new Map(
    rows.map((r, i) => {
      const key = keys[i]!;
      const labels = numbered(r.items.map((item, n) => itemLabel(item, n)));
      return [key, { unit: r.unit, post: key.slice(key.indexOf('\u0000') + 1), items: new Map(r.items.map((item, n) => [labels[n]!, item])) }];
    }),
  );
}

const statements = (s: readonly StatementLike[]) => JSON.stringify(s.map((x) => [x.type, squash(x.text)]));
const FIELDS: [ItemField, (i: DiffItem) => string][] = [
  ['number', (i) => String(i.number)],
  ['functions', (i) => statements(i.functions)],
  ['responsibilities', (i) => statements(i.responsibilities)],
  ['workflow', (i) => JSON.stringify([i.workflowCodes, i.steps.map(squash)])],
  ['leads', (i) => JSON.stringify(i.leads)],
  ['assistants', (i) => JSON.stringify(i.assistants)],
  ['remarks', (i) => squash(i.remarks ?? '')],
];

/** The fields in which two versions of a work item differ; empty when they are the same. */
export function itemDifferences(before: DiffItem, after: DiffItem): ItemField[] {
  return FIELDS.filter(([, read]) => read(before) !== read(after)).map(([field]) => field);
}

function capped<T>(all: T[], cap: number): Capped<T> {
  return { total: all.length, list: all.slice(0, cap) };
}

/** In `a` and not in `b`, in the order of `a`. */
const minus = <T>(a: Iterable<T>, b: { has: (x: T) => boolean }): T[] => [...a].filter((x) => !b.has(x));

/** What importing `after` over `before` changes; each list keeps at most `cap` entries and says how many in all. */
export function diffDocuments(before: DiffDocument, after: DiffDocument, cap = DIFF_CAP): DocumentChanges {
  const unitsBefore = new Set(before.units.map((u) => squash(u.name)));
  const unitsAfter = new Set(after.units.map((u) => squash(u.name)));
  const postsBefore = keyedPosts(before);
  const postsAfter = keyedPosts(after);
  const ref = (p: KeyedPost): PostRef => ({ unit: p.unit, post: p.post, items: p.items.size });

  const itemsAdded: ItemRef[] = [];
  const itemsRemoved: ItemRef[] = [];
  const itemsChanged: ItemChange[] = [];
  const postsChanged: PostChange[] = [];
  for (const [key, now] of postsAfter) {
    const was = postsBefore.get(key);
    if (!was) continue;
    const at = (item: string): ItemRef => ({ unit: now.unit, post: now.post, item });
    const added = minus(now.items.keys(), was.items).map(at);
    const removed = minus(was.items.keys(), now.items).map(at);
    const changed: ItemChange[] = [];
    for (const [label, item] of now.items) {
      const old = was.items.get(label);
      const fields = old ? itemDifferences(old, item) : [];
      if (fields.length) changed.push({ ...at(label), fields });
    }
    itemsAdded.push(...added);
    itemsRemoved.push(...removed);
    itemsChanged.push(...changed);
    if (added.length || removed.length || changed.length) {
      postsChanged.push({ unit: now.unit, post: now.post, itemsAdded: added.length, itemsRemoved: removed.length, itemsChanged: changed.length });
    }
  }
  const peopleBefore = new Set(peopleOf(before));
  const peopleAfter = new Set(peopleOf(after));
  return {
    units: { added: capped(minus(unitsAfter, unitsBefore), cap), removed: capped(minus(unitsBefore, unitsAfter), cap) },
    posts: {
      added: capped(
        minus(postsAfter.keys(), postsBefore).map((k) => ref(postsAfter.get(k)!)),
        cap,
      ),
      removed: capped(
        minus(postsBefore.keys(), postsAfter).map((k) => ref(postsBefore.get(k)!)),
        cap,
      ),
      changed: capped(postsChanged, cap),
    },
    workItems: { added: capped(itemsAdded, cap), removed: capped(itemsRemoved, cap), changed: capped(itemsChanged, cap) },
    people: { added: capped(minus(peopleAfter, peopleBefore), cap), removed: capped(minus(peopleBefore, peopleAfter), cap) },
  };
}

/** Whether the comparison found nothing at all. */
export function unchanged(c: DocumentChanges): boolean {
  return [
    c.units.added,
    c.units.removed,
    c.posts.added,
    c.posts.removed,
    c.posts.changed,
    c.workItems.added,
    c.workItems.removed,
    c.workItems.changed,
    c.people.added,
    c.people.removed,
  ].every((x) => x.total === 0);
}
