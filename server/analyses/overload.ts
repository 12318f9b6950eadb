/** The workload index: how much each person leads and assists, across how many posts, units and workflows. */

export interface PersonLoad {
  id: string;
  name: string;
  bureau: string;
  leadItems: number;
  assistItems: number;
  /** post and unit ids: what is counted */
  posts: string[];
  units: string[];
  /** their names, for people to read */
  postTitles?: string[];
  unitNames?: string[];
  workflows: number;
}

export interface Weights {
  lead: number;
  assist: number;
  post: number;
  unit: number;
  workflow: number;
}

/** Leading an item weighs twice assisting one; spread over posts and units weighs more than volume. */
export const DEFAULT_WEIGHTS: Weights = { lead: 1, assist: 0.5, post: 2, unit: 3, workflow: 0.5 };

/** One part of the index: how many, times its weight, gives its points. */
export interface LoadPart {
  part: 'lead' | 'assist' | 'posts' | 'units' | 'workflows';
  count: number;
  weight: number;
  points: number;
}

export interface Overload extends PersonLoad {
  score: number;
  /** the index split into its parts, for the UI to say in its language */
  parts: LoadPart[];
}

const round = (x: number) => Math.round(x * 100) / 100;

/** People by workload index, highest first, each with the index split into its parts. */
export function rankOverload(people: PersonLoad[], w: Weights = DEFAULT_WEIGHTS): Overload[] {
  return people
    .map((p) => {
      const counted: [LoadPart['part'], number, number][] = [
        ['lead', p.leadItems, w.lead],
        ['assist', p.assistItems, w.assist],
        ['posts', p.posts.length, w.post],
        ['units', p.units.length, w.unit],
        ['workflows', p.workflows, w.workflow],
      ];
      const parts = counted.map(([part, count, weight]) => ({ part, count, weight, points: round(count * weight) }));
      return { ...p, score: round(parts.reduce((sum, x) => sum + x.count * x.weight, 0)), parts };
    })
    .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
}

/** The score at the q-th quantile (0..1) of `scores`: above it a person counts as overloaded. */
export function quantile(scores: number[], q: number): number {
  if (scores.length === 0) return 0;
  const sorted = [...scores].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
