/** 人员负荷 as data: the reason for a person's index in words, the stacked bars, and the people × posts heatmap. */
import type { ChartResponse, OverloadPerson } from '../api.ts';
import { strings } from '../i18n.ts';

export type Part = OverloadPerson['parts'][number]['part'];
/** The parts of the index in the order the bars stack them. */
export const PARTS: readonly Part[] = ['lead', 'assist', 'posts', 'units', 'workflows'];

const en = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export const s = strings(
  {
    'part.lead': '牵头事项',
    'part.assist': '辅助事项',
    'part.posts': '岗位数',
    'part.units': '单位数',
    'part.workflows': '流程数',
    lead: (n: number) => `牵头 ${n} 项事项`,
    assist: (n: number) => `辅助 ${n} 项事项`,
    // 跨 9 个岗位、2 个单位: one post or one unit is said without 跨
    spread: (posts: number, units: number) => (posts > 1 || units > 1 ? `跨 ${posts} 个岗位${units > 1 ? `、${units} 个单位` : ''}` : `在 ${posts} 个岗位`),
    nothing: '没有牵头或辅助的事项',
    join: '、',
    comma: '，',
    points: (count: number, weight: number, points: number) => `${count} × ${weight} = ${points} 分`,
  },
  {
    'part.lead': 'lead items',
    'part.assist': 'assisted items',
    'part.posts': 'posts',
    'part.units': 'units',
    'part.workflows': 'workflows',
    lead: (n: number) => `leads ${en(n, 'work item', 'work items')}`,
    assist: (n: number) => `assists with ${en(n, 'work item', 'work items')}`,
    spread: (posts: number, units: number) => `in ${en(posts, 'post', 'posts')}${units > 1 ? ` across ${units} units` : ''}`,
    nothing: 'leads or assists with no work item',
    join: ' and ',
    comma: ' ',
    points: (count: number, weight: number, points: number) => `${count} × ${weight} = ${points} points`,
  },
);

const countOf = (parts: OverloadPerson['parts'], part: Part) => parts.find((p) => p.part === part)?.count ?? 0;

/**
 * Why a person's index is high, in the language in use, from the parts of the index: "牵头 12 项事项，跨 9 个岗位、
 * 2 个单位" / "leads 12 work items in 9 posts across 2 units".
 */
export function reasonText(parts: OverloadPerson['parts']): string {
  const t = s();
  const [lead, assist, posts, units] = (['lead', 'assist', 'posts', 'units'] as const).map((p) => countOf(parts, p)) as [number, number, number, number];
  const doing = [lead ? t.lead(lead) : '', assist ? t.assist(assist) : ''].filter(Boolean);
  if (!doing.length) return t.nothing;
  return posts ? `${doing.join(t.join)}${t.comma}${t.spread(posts, units)}` : doing.join(t.join);
}

/** The name of a part of the index in the language in use. */
export const partName = (part: Part): string => s()[`part.${part}`];

/** One stacked series per part: each person's points for it, in the order of `people`. */
export function stackedSeries(people: Pick<OverloadPerson, 'parts'>[]): { part: Part; points: number[] }[] {
  return PARTS.map((part) => ({ part, points: people.map((p) => p.parts.find((x) => x.part === part)?.points ?? 0) }));
}

/** A cell of the people × posts heatmap: [post index, person index, value], and the counts behind the value. */
export interface StaffCell {
  value: [number, number, number];
  lead: number;
  assist: number;
}

/** How much a person carries in a post: what they lead, and half of what they assist. */
export const staffValue = (lead: number, assist: number): number => lead + 0.5 * assist;

/**
 * The people × posts heatmap of a bureau's chart: posts in the chart's order, people by what they carry in all,
 * most first; a cell wherever a person leads or assists an item of a post.
 */
export function staffMatrix(chart: Pick<ChartResponse, 'posts'>): {
  posts: { id: string; title: string; unit: string }[];
  people: { id: string; name: string; total: number }[];
  cells: StaffCell[];
} {
  const posts = chart.posts.filter((p) => p.staff.length > 0);
  const totals = new Map<string, { id: string; name: string; total: number }>();
  for (const p of posts)
    for (const st of p.staff) {
      const person = totals.get(st.id) ?? { id: st.id, name: st.name, total: 0 };
      person.total += staffValue(st.lead, st.assist);
      totals.set(st.id, person);
    }
  const people = [...totals.values()].sort((a, b) => b.total - a.total || a.name.localeCompare(b.name, 'zh'));
  const row = new Map(people.map((p, i) => [p.id, i]));
  const cells = posts.flatMap((p, x) =>
    p.staff.map((st): StaffCell => ({ value: [x, row.get(st.id)!, staffValue(st.lead, st.assist)], lead: st.lead, assist: st.assist })),
  );
  return { posts: posts.map((p) => ({ id: p.id, title: p.title, unit: p.unit })), people, cells };
}
