/**
 * Workflows that are nearly the same: step lists compared after normalisation, by an edit distance whose unit is
 * a whole step, so that a procedure with one step added or reworded still reads as the same procedure.
 */
import { jaccard, shingles } from './duplicates.ts';

/** A label before the first step, such as 产业技术推广：, names the duty, not the procedure. */
const LABEL = /^[^：:]{1,12}[：:](?=.)/;
/** Numbering: 1. 1、 （1） (1) ① 一、 */
const NUMBERING = /^(?:\d+\s*[.．、)）](?!\d)|[（(]\s*\d+\s*[）)]|[①-⑳]|[一二三四五六七八九十]+[、.．])\s*/;
const TRAILING = /[。．.，,；;、！!？?]+$/;

/** The text one step is compared by: no white space, numbering or trailing punctuation. */
export function normaliseStep(step: string): string {
  return step.replace(/\s+/g, '').replace(NUMBERING, '').replace(TRAILING, '');
}

/** The step texts a list is compared by: the first step's leading label gone, each step normalised, empty ones dropped. */
export function normaliseSteps(steps: string[]): string[] {
  return steps
    .map((s, i) => {
      const t = normaliseStep(s);
      return i === 0 ? t.replace(LABEL, '') : t;
    })
    .filter((t) => t.length > 0);
}

/** Two normalised steps are the same step when equal, or when their character bigrams are this alike. */
export const STEP_ALIKE = 0.8;

/** Whether two normalised steps say the same thing. */
export function stepsAlike(a: string, b: string): boolean {
  return a === b || jaccard(shingles(a, 2), shingles(b, 2)) >= STEP_ALIKE;
}

/** How one step list differs from another: steps added, removed, replaced, and matched but worded differently. */
export interface StepDifferences {
  added: string[];
  removed: string[];
  changed: { from: string; to: string }[];
  /** alike enough to count as the same step, but not the same text */
  reworded: { from: string; to: string }[];
}

/** The edit distance in steps from `a` to `b` (both normalised), and the steps that make it up. */
export function stepDistance(a: string[], b: string[]): { distance: number; differences: StepDifferences } {
  const alike = a.map((x) => b.map((y) => stepsAlike(x, y)));
  // d[i][j]: steps to turn a[0..i) into b[0..j)
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const same = alike[i - 1]![j - 1]! ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j - 1]! + same, d[i - 1]![j]! + 1, d[i]![j - 1]! + 1);
    }
  }
  const differences: StepDifferences = { added: [], removed: [], changed: [], reworded: [] };
  let i = a.length;
  let j = b.length;
  // among equally short paths, prefer keeping alike steps matched, then an added or removed step over a replaced one,
  // so that one step inserted reads as one step added, not as every later step replaced
  while (i > 0 || j > 0) {
    const here = d[i]![j]!;
    const matched = i > 0 && j > 0 && alike[i - 1]![j - 1]!;
    if (matched && here === d[i - 1]![j - 1]!) {
      const from = a[--i]!;
      const to = b[--j]!;
      if (from !== to) differences.reworded.push({ from, to });
    } else if (i > 0 && here === d[i - 1]![j]! + 1) {
      differences.removed.push(a[--i]!);
    } else if (j > 0 && here === d[i]![j - 1]! + 1) {
      differences.added.push(b[--j]!);
    } else {
      differences.changed.push({ from: a[--i]!, to: b[--j]! });
    }
  }
  for (const list of Object.values(differences) as unknown[][]) list.reverse();
  return { distance: d[a.length]![b.length]!, differences };
}

/**
 * Most steps two lists may differ by and still be nearly the same: two, and no more than a quarter of the longer
 * list, so a two- or three-step procedure must keep every step and an eight-step one may differ in two.
 */
export function stepAllowance(a: number, b: number): number {
  return Math.min(2, Math.floor(Math.max(a, b) / 4));
}

export interface StepList {
  postId: string;
  bureau: string;
  workflowId: string;
  /** steps as written */
  steps: string[];
}

/** One member of a nearly-same group and how its steps differ from the group's first member's. */
export interface MemberDifferences extends StepDifferences {
  postId: string;
  workflowId: string;
  distance: number;
}

export interface NearlySameGroup {
  bureau: string;
  /** the first member, the one every other member is compared with, then the others in input order */
  members: StepList[];
  /** normalised steps of the first member */
  steps: string[];
  /** for each member after the first */
  differences: MemberDifferences[];
  /** the lowest of 1 − distance / longer list over the members */
  similarity: number;
}

/**
 * Step lists of different posts in one bureau that are the same after normalisation or differ by no more than
 * {@link stepAllowance} steps, each group's members all within that of its first member.
 */
export function nearlySameGroups(lists: StepList[]): NearlySameGroup[] {
  const norm = lists.map((l) => normaliseSteps(l.steps));
  const used = new Set<number>();
  const groups: NearlySameGroup[] = [];
  for (let i = 0; i < lists.length; i++) {
    if (used.has(i) || norm[i]!.length === 0) continue;
    const a = lists[i]!;
    const na = norm[i]!;
    const members = [a];
    const seen = new Set([a.postId]);
    const differences: MemberDifferences[] = [];
    let similarity = 1;
    for (let j = i + 1; j < lists.length; j++) {
      const b = lists[j]!;
      const nb = norm[j]!;
      if (used.has(j) || nb.length === 0 || b.bureau !== a.bureau || seen.has(b.postId)) continue;
      const allowance = stepAllowance(na.length, nb.length);
      if (Math.abs(na.length - nb.length) > allowance) continue;
      const { distance, differences: diff } = stepDistance(na, nb);
      if (distance > allowance) continue;
      used.add(j);
      seen.add(b.postId);
      members.push(b);
      differences.push({ postId: b.postId, workflowId: b.workflowId, distance, ...diff });
      similarity = Math.min(similarity, 1 - distance / Math.max(na.length, nb.length));
    }
    if (members.length > 1) groups.push({ bureau: a.bureau, members, steps: na, differences, similarity: Math.round(similarity * 1000) / 1000 });
  }
  return groups;
}
