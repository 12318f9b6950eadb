/**
 * Whether two duty texts are one public function carried twice, from their meaning (the sentence embedder's cosine)
 * and their wording (bigram Jaccard). Housekeeping every unit does for itself is never such a function: its pairs
 * are kept, flagged, and ranked out of the list and the 职责边界清单. The thresholds come from the labelled pairs of
 * test/fixtures/duplicate-pairs.json (docs/duplicate-pairs.md).
 */
import { diffChars } from 'diff';

/**
 * Work every unit does for itself: its own finance, documents, seals, personnel, archives and Party affairs, and the
 * leaders' 主持全面工作, 配合局长开展工作, 完成交办的其他工作. Public archives (城建档案, 不动产档案…) are not.
 */
const HOUSEKEEPING = [
  /其[他它]工作/,
  /交办/,
  /全面工作/,
  /配合.{0,8}(局长|书记|主任|科长|股长).{0,6}开展/,
  /财务|会计|出纳|内部审计|固定资产管理|政府采购|费用支出|经费|报销|工资|福利|办公用房/,
  /人事|劳资|机构编制|离退休|干部|考勤|公务员.{0,8}考核|绩效考核|实绩考核|岗位人员管理/,
  /公文|文电|文稿|讲话|文件收发|文件档案|收发文|机要|保密|印章|督查督办|会务|会议组织|后勤|车辆|办公用品/,
  /党建|党组织|党风廉政|党务|精神文明|工会|共青团|妇委会/,
  /综合协调|综合事务|综合管理和服务|综合管理服务/,
  /(?<!城建|城市建设|不动产|地籍|测绘|房产|城乡建设|国土)档案/,
];
/** Post titles of housekeeping posts: a unit's own 综合, 财务 or 办公室 post. */
const HOUSEKEEPING_POST = /综合|财务|(?<!委员会)办公室|人事|党建|文秘|机要|后勤|会计/;

/** A post's title without its numbering: 业务岗位7、建筑市场管理岗 is 建筑市场管理岗. */
export const postName = (title: string) => title.replace(/^[^:：、]*?岗位?\s*\d+\s*[:：、]\s*/, '');

/** True for a duty every unit does for itself; `post` marks a post title. */
export function isHousekeeping(text: string, o: { post?: boolean } = {}): boolean {
  const t = text.replace(/\s+/g, '');
  if (o.post) return HOUSEKEEPING_POST.test(postName(t));
  return HOUSEKEEPING.some((r) => r.test(t));
}

/** Where a pair sits: two work items or duty statements, or two whole posts. */
export type Grain = 'statement' | 'post';

/**
 * Thresholds. A statement pair is a likely duplicate at cosine ≥ 0.75 when the two share at least one bigram once
 * boilerplate is stripped (at 0.85 even when they share none: short texts of one sentence pattern reach 0.77 with no
 * word in common), or at cosine ≥ 0.65 with a tenth of its bigrams shared, or, without meaning, at Jaccard ≥ 0.5.
 * A whole post is the mean of its title's and its statements' vectors; posts come out closer to one another, style
 * and boilerplate alike: they need a cosine of 0.79 and, below 0.88, a statement of one among the nearest
 * neighbours of a statement of the other (a candidate pair, cosine ≥ 0.65).
 */
export const THRESHOLDS = {
  statement: { cosine: 0.75, cosineNoWords: 0.85, cosineWithWords: 0.65, words: 0.11, wordsAlone: 0.5 },
  post: { cosine: 0.79, cosineAlone: 0.88 },
  /** kNN neighbours below this cosine are not kept as candidates */
  candidate: 0.65,
} as const;

export interface PairMeasures {
  grain: Grain;
  /** the sentence embedder's cosine; null without meaning */
  cosine: number | null;
  /** bigram Jaccard of the normalised texts */
  lexical: number;
  /** either side is housekeeping */
  housekeeping: boolean;
  /** posts: a candidate pair joins a statement of one to a statement of the other (unknown: taken as yes) */
  supported?: boolean;
}

export type Reason = 'meaning' | 'meaning-and-words' | 'words' | 'housekeeping' | 'below';

/** The pair's verdict: likely duplicate or not, why, and its one score (cosine with meaning, Jaccard without). */
export function judge(m: PairMeasures): { likely: boolean; reason: Reason; score: number } {
  const score = round(m.cosine ?? m.lexical);
  const reason = reasonOf(m);
  if (m.housekeeping && reason !== 'below') return { likely: false, reason: 'housekeeping', score };
  return { likely: reason !== 'below', reason, score };
}

function reasonOf(m: PairMeasures): Reason {
  const t = THRESHOLDS.statement;
  if (m.grain === 'post') {
    const needed = m.supported === false ? THRESHOLDS.post.cosineAlone : THRESHOLDS.post.cosine;
    return m.cosine !== null && m.cosine >= needed ? 'meaning' : 'below';
  }
  if (m.cosine !== null && m.cosine >= (m.lexical > 0 ? t.cosine : t.cosineNoWords)) return 'meaning';
  if (m.cosine !== null && m.cosine >= t.cosineWithWords && m.lexical >= t.words) return 'meaning-and-words';
  if (m.lexical >= t.wordsAlone) return 'words';
  return 'below';
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** Runs of at least `min` characters both texts share, longest first, white space and punctuation aside. */
export function sharedPhrases(a: string, b: string, min = 2): string[] {
  const out = new Set<string>();
  for (const part of diffChars(a, b)) {
    if (part.added || part.removed) continue;
    for (const run of part.value.split(/[\s，。、；：:;,.“”"（）()《》]+/)) if ([...run].length >= min) out.add(run);
  }
  return [...out].sort((x, y) => y.length - x.length);
}
