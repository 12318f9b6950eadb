/**
 * Near-duplicate duties: character n-grams of normalised Chinese text, MinHash signatures and LSH banding for
 * candidates, exact Jaccard similarity to confirm. Candidates grow with the number of similar texts, not with
 * the square of all texts, so this scales to a province.
 */

/** Jurisdiction words: 全市 and 全区 say the same duty at two levels. Longest first. */
const JURISDICTION = [
  '各区（市）',
  '区（市）',
  '县（市、区）',
  '市本级',
  '区本级',
  '全市',
  '全区',
  '全省',
  '我市',
  '我区',
  '本市',
  '本区',
  '市级',
  '区级',
  '县级',
  '本级',
  '县区',
];
/** Verbs and fillers every duty uses; they say nothing about which duty it is. */
const BOILERPLATE = ['负责', '承担', '组织', '开展', '做好', '协助', '配合', '落实', '指导', '参与', '相关', '有关', '工作', '事务性', '辅助', '等'];

/** The text a duty is compared by: no jurisdiction words, boilerplate, punctuation or numbering. */
export function normaliseDuty(text: string): string {
  let t = text.replace(/\s+/g, '').replace(/^[一二三四五六七八九十\d]+[、.．]/, '');
  for (const w of JURISDICTION) t = t.split(w).join('');
  // a leading 市 / 区 names the level: 市国土空间规划 and 区国土空间规划 are the same duty
  t = t.replace(/^[市区县]/, '');
  for (const w of BOILERPLATE) t = t.split(w).join('');
  // numbers and Latin letters number items and sub-items; they do not tell duties apart
  return t.replace(/[，。、；：:;,.“”"（）()《》\-—\dA-Za-z]/g, '');
}

/** The character n-grams of a text (the text itself when shorter than n). */
export function shingles(text: string, n = 2): Set<string> {
  const chars = [...text];
  const out = new Set<string>();
  if (chars.length < n) {
    if (chars.length) out.add(chars.join(''));
    return out;
  }
  for (let i = 0; i + n <= chars.length; i++) out.add(chars.slice(i, i + n).join(''));
  return out;
}

/** Jaccard similarity of two n-gram sets: shared over all. */
export function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let common = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) common++;
  return common / (a.size + b.size - common);
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A seeded generator (mulberry32) so signatures, and so results, are the same on every run. */
export function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface LshOptions {
  /** signature length = bands × rows */
  bands: number;
  rows: number;
  /** n of the character n-grams */
  n: number;
  seed: number;
}

export const DEFAULT_LSH: LshOptions = { bands: 32, rows: 2, n: 2, seed: 20260101 };

/**
 * A bucket holding more texts than this is one boilerplate duty written many times: its members are compared
 * each with the next few only, which still joins them into one cluster without comparing every pair.
 */
export const CROWDED_BUCKET = 200;
const CROWDED_NEIGHBOURS = 8;

const PRIME = 4294967311; // > 2^32

/** The MinHash signature of an n-gram set under the hash functions (a·x + b) mod p. */
export function minhashSignature(set: Set<string>, a: number[], b: number[]): Uint32Array {
  const sig = new Uint32Array(a.length).fill(0xffffffff);
  for (const s of set) {
    const x = fnv1a(s);
    for (let k = 0; k < a.length; k++) {
      // (a·x + b) mod p, in doubles: a, x < 2^32 so split a to stay exact
      const ah = Math.floor(a[k]! / 65536);
      const al = a[k]! % 65536;
      const v = (((ah * x) % PRIME) * 65536 + al * x + b[k]!) % PRIME;
      const h = v >>> 0;
      if (h < sig[k]!) sig[k] = h;
    }
  }
  return sig;
}

export interface DutyText {
  id: string;
  text: string;
  /** texts sharing a group (the same post) are never paired */
  group: string;
  /** texts of two different realms (districts) are never paired; a text without one meets every realm */
  realm?: string | null;
}

/** Whether two texts' realms allow pairing them. */
const realmsMeet = (x: DutyText, y: DutyText) => !x.realm || !y.realm || x.realm === y.realm;

export interface SimilarPair {
  a: string;
  b: string;
  score: number;
}

/**
 * Pairs of texts whose normalised n-gram Jaccard similarity is at least `threshold`, found through LSH.
 * Texts that normalise to the same string are one duty: they are chained to each other (score 1) and only one
 * of them enters LSH, so a duty written a thousand times costs a thousand pairs, not half a million.
 */
export function similarPairsLsh(texts: DutyText[], threshold: number, o: LshOptions = DEFAULT_LSH): { pairs: SimilarPair[]; candidates: number } {
  const rnd = mulberry32(o.seed);
  const k = o.bands * o.rows;
  const a = Array.from({ length: k }, () => 1 + Math.floor(rnd() * (PRIME - 2)));
  const b = Array.from({ length: k }, () => Math.floor(rnd() * (PRIME - 1)));
  const pairs: SimilarPair[] = [];
  const same = new Map<string, number[]>();
  texts.forEach((t, i) => {
    const norm = normaliseDuty(t.text);
    const list = same.get(norm);
    if (list) list.push(i);
    else same.set(norm, [i]);
  });
  const reps: number[] = [];
  const sets: Set<string>[] = [];
  for (const [norm, members] of same) {
    reps.push(members[0]!);
    sets.push(shingles(norm, o.n));
    if (!norm) continue;
    // identical duties: each joined to the next one held by another post in a realm it meets
    for (let x = 0; x < members.length; x++) {
      const from = texts[members[x]!]!;
      const next = members.slice(x + 1).find((m) => texts[m]!.group !== from.group && realmsMeet(texts[m]!, from));
      if (next !== undefined) pairs.push(order(from.id, texts[next]!.id, 1));
    }
  }
  const buckets = new Map<string, number[]>();
  sets.forEach((set, r) => {
    if (set.size === 0) return;
    const sig = minhashSignature(set, a, b);
    for (let band = 0; band < o.bands; band++) {
      const key = `${band}:${Array.from(sig.subarray(band * o.rows, (band + 1) * o.rows)).join(',')}`;
      const list = buckets.get(key);
      if (list) list.push(r);
      else buckets.set(key, [r]);
    }
  });
  const seen = new Set<string>();
  for (const list of buckets.values()) {
    if (list.length < 2) continue;
    const reach = list.length > CROWDED_BUCKET ? CROWDED_NEIGHBOURS : list.length;
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < Math.min(list.length, x + 1 + reach); y++) {
        const [p, q] = [list[x]!, list[y]!];
        const key = p < q ? `${p},${q}` : `${q},${p}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const i = reps[p]!;
        const j = reps[q]!;
        if (texts[i]!.group === texts[j]!.group || !realmsMeet(texts[i]!, texts[j]!)) continue;
        const score = jaccard(sets[p]!, sets[q]!);
        if (score >= threshold) pairs.push(order(texts[i]!.id, texts[j]!.id, score));
      }
    }
  }
  return { pairs: sortPairs(dedupe(pairs)), candidates: seen.size };
}

function dedupe(pairs: SimilarPair[]): SimilarPair[] {
  const m = new Map<string, SimilarPair>();
  for (const p of pairs) m.set(`${p.a}|${p.b}`, p);
  return [...m.values()];
}

/** Every pair compared: the exact answer LSH is measured against. */
export function similarPairsExact(texts: DutyText[], threshold: number, n = DEFAULT_LSH.n): SimilarPair[] {
  const sets = texts.map((t) => shingles(normaliseDuty(t.text), n));
  const pairs: SimilarPair[] = [];
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      if (texts[i]!.group === texts[j]!.group) continue;
      const score = jaccard(sets[i]!, sets[j]!);
      if (score >= threshold) pairs.push(order(texts[i]!.id, texts[j]!.id, score));
    }
  }
  return sortPairs(pairs);
}

const order = (x: string, y: string, score: number): SimilarPair => (x < y ? { a: x, b: y, score } : { a: y, b: x, score });
const sortPairs = (p: SimilarPair[]) => p.sort((x, y) => y.score - x.score || x.a.localeCompare(y.a) || x.b.localeCompare(y.b));

/** Connected components of the pairs: each cluster is one duty carried in several places. */
export function clusters(pairs: SimilarPair[]): string[][] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  for (const { a, b } of pairs) {
    if (!parent.has(a)) parent.set(a, a);
    if (!parent.has(b)) parent.set(b, b);
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  }
  const groups = new Map<string, string[]>();
  for (const x of parent.keys()) {
    const r = find(x);
    groups.set(r, [...(groups.get(r) ?? []), x]);
  }
  return [...groups.values()].map((g) => g.sort()).sort((x, y) => y.length - x.length || x[0]!.localeCompare(y[0]!));
}
