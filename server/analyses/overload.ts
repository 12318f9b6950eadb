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

export interface Overload extends PersonLoad {
  score: number;
  reasons: string[];
}

/** People by workload index, highest first, each with the reasons in words. */
export function rankOverload(people: PersonLoad[], w: Weights = DEFAULT_WEIGHTS): Overload[] {
  return people
    .map((p) => {
      const score = w.lead * p.leadItems + w.assist * p.assistItems + w.post * p.posts.length + w.unit * p.units.length + w.workflow * p.workflows;
      const reasons = [`leads ${p.leadItems} work items in ${p.posts.length} posts across ${p.units.length} unit${p.units.length === 1 ? '' : 's'}`];
      if (p.assistItems) reasons.push(`assists in ${p.assistItems} work items`);
      if (p.workflows) reasons.push(`follows ${p.workflows} workflows`);
      reasons.push(
        `score = ${w.lead}×${p.leadItems} lead + ${w.assist}×${p.assistItems} assist + ${w.post}×${p.posts.length} posts + ${w.unit}×${p.units.length} units + ${w.workflow}×${p.workflows} workflows`,
      );
      return { ...p, score: Math.round(score * 100) / 100, reasons };
    })
    .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
}
