/**
 * npm run gen -- --bureaus N --seed S [--out dir]: a realistic corpus, deterministic for a seed. Documents in both
 * layouts (tab tables and PDF reading order) recombine the seeds' vocabulary: posts, items, functions and typed
 * responsibilities (with 全区/全市 variants, so duties repeat across bureaus), people shared across posts,
 * workflow codes with printed flowcharts, and a centre per bureau whose steps are written out.
 */
import { Command } from 'commander';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedFiles } from '../server/load/import.ts';
import { parseText } from '../server/parse/index.ts';
import { mulberry32 as rng, normaliseDuty } from '../server/analyses/duplicates.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Vocabulary {
  items: { title: string; functions: string[]; responsibilities: string[] }[];
  centreDuties: string[];
  steps: string[][];
  surnames: string[];
  given: string[];
  postNames: string[];
}

/** The seeds' own words, read through the parser. */
export function vocabulary(): Vocabulary {
  // the seeds are text exports, read synchronously so the generator stays a plain function
  const docs = seedFiles().map((f) => parseText(readFileSync(f, 'utf8'), path.basename(f)));
  const v: Vocabulary = { items: [], centreDuties: [], steps: [], surnames: [], given: [], postNames: [] };
  const names = new Set<string>();
  for (const d of docs)
    for (const u of d.units)
      for (const p of u.posts) {
        if (p.kind === 'staff') v.postNames.push(p.title.replace(/^.*?[、:：]\s*/, '').replace(/岗位?$/, ''));
        for (const i of p.workItems) {
          if (i.title && p.kind === 'staff')
            v.items.push({
              title: i.title,
              functions: i.functions.map((f) => f.text),
              responsibilities: i.responsibilities.filter((r) => r.type).map((r) => r.text),
            });
          if (!i.title) v.centreDuties.push(...i.functions.map((f) => f.text));
          if (i.steps.length > 2) v.steps.push(i.steps);
          for (const n of [...i.leads, ...i.assistants]) names.add(n);
        }
      }
  for (const n of names) {
    v.surnames.push(n[0]!);
    v.given.push(...[...n.slice(1)]);
  }
  v.surnames = [...new Set(v.surnames)].sort();
  v.given = [...new Set(v.given)].sort();
  v.items = v.items.filter((i) => i.functions.length && i.responsibilities.length);
  v.postNames = [...new Set(v.postNames.filter((n) => n.length >= 2 && n.length <= 14))].sort();
  return v;
}

// each character once (城, 庄 and 沂 recur in the names): two places of one name would be one bureau in the graph
const PLACES = [...new Set('山亭薛城峄台儿庄滕州市中临沂兰陵费县平邑蒙阴沂水莒南郯城河东罗庄高新')];
const FIELDS = ['自然资源局', '住房和城乡建设局', '交通运输局', '农业农村局', '水务局', '生态环境局', '应急管理局', '商务局'];
const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五', '十六'];

interface GenItem {
  title: string;
  functions: string[];
  responsibilities: string[];
  codes: string[];
  lead: string;
  assistants: string[];
}
interface GenPost {
  seq: number;
  title: string;
  items: GenItem[];
}
export interface GenBureau {
  name: string;
  centre: string;
  layout: 'tab-table' | 'pdf-flow';
  posts: GenPost[];
  centrePosts: { seq: number; title: string; duties: string[]; steps: string[]; lead: string; assistants: string[] }[];
  flowcharts: { code: string; title: string }[];
}

/** Swaps the jurisdiction words, so the same duty reads as a district's or a city's. */
function jurisdiction(text: string, r: () => number): string {
  if (r() < 0.5) return text;
  return text.replace(/全区/g, '全市').replace(/区级/g, '市级').replace(/^区/, '市').replace(/我区/g, '我市');
}

/** One bureau and its centre, drawn from the seeds' vocabulary by a seeded generator. */
export function generateBureau(i: number, v: Vocabulary, seed: number): GenBureau {
  const r = rng(seed * 100_003 + i);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const place = `${PLACES[i % PLACES.length]}${PLACES[Math.floor(i / PLACES.length) % PLACES.length]}区`;
  const field = FIELDS[Math.floor(i / (PLACES.length * PLACES.length)) % FIELDS.length]!;
  const name = `${place}${field}${i >= PLACES.length * PLACES.length * FIELDS.length ? i : ''}`;
  const person = () => pick(v.surnames) + pick(v.given) + (r() < 0.4 ? pick(v.given) : '');
  const people = Array.from({ length: 14 + Math.floor(r() * 8) }, person);
  const staff = () => people[Math.floor(r() * people.length)]!;
  const posts: GenPost[] = [];
  const flowcharts: GenBureau['flowcharts'] = [];
  const sections = ['办公室', '规划股', '执法大队', '财务股', '法规股', '审批股'];
  posts.push({
    seq: 1,
    title: '部门领导正职岗位',
    items: [
      {
        title: '主持局党组、局机关全面工作',
        functions: ['负责局党组全面工作。', '完成区委、区政府领导交办的其它工作。'],
        responsibilities: ['决策责任：及时、准确决定局党组工作。'],
        codes: ['00-1'],
        lead: people[0]!,
        assistants: [],
      },
    ],
  });
  for (const d of [1, 2]) {
    const over = sections.slice(d * 2 - 2, d * 2 + 1);
    posts.push({
      seq: d + 1,
      title: `部门领导副职岗位${d}`,
      items: [
        {
          title: '配合局长开展工作',
          functions: [`分管${over.join('、')}。`, '完成局长交办的其它工作。'],
          responsibilities: ['参与决策责任：及时、准确参与决定分管工作。'],
          codes: ['00-1'],
          lead: people[d]!,
          assistants: [staff(), staff()],
        },
      ],
    });
  }
  const nStaff = 9;
  for (let k = 1; k <= nStaff; k++) {
    const seq = k + 3;
    const lead = staff();
    const items: GenItem[] = [];
    const nItems = 7 + Math.floor(r() * 5);
    for (let j = 0; j < nItems; j++) {
      const src = pick(v.items);
      const code = r() < 0.5 ? `${seq}-${k}-${j + 1}` : null;
      if (code && r() < 0.7) flowcharts.push({ code, title: `${src.title.replace(/[。，、“”"]/g, '').slice(0, 16)}工作流程图` });
      items.push({
        title: `${jurisdiction(src.title, r)}`.replace(/[。；;]+$/, ''),
        functions: src.functions.slice(0, 3).map((f) => jurisdiction(f, r)),
        responsibilities: src.responsibilities.slice(0, 3).map((x) => jurisdiction(x, r)),
        codes: code ? [code] : [],
        lead: r() < 0.85 ? lead : staff(),
        assistants: Array.from({ length: 1 + Math.floor(r() * 3) }, staff).filter((n) => n !== lead),
      });
    }
    posts.push({ seq, title: `业务岗${k}: ${pick(v.postNames)}岗`, items });
  }
  const centre = `${place}${field.replace(/局$/, '')}事务服务中心${i >= PLACES.length * PLACES.length * FIELDS.length ? i : ''}`;
  const centrePosts = [1, 2, 3].map((k) => ({
    seq: k,
    title: `${pick(v.postNames)}服务岗`,
    duties: Array.from({ length: 2 + Math.floor(r() * 3) }, () => jurisdiction(pick(v.centreDuties), r)),
    steps: pick(v.steps).slice(0, 8),
    lead: staff(),
    assistants: [staff()],
  }));
  return { name, centre, layout: i % 5 === 4 ? 'pdf-flow' : 'tab-table', posts, centrePosts, flowcharts };
}

const numbered = (xs: string[]) => xs.map((x, n) => `${n + 1}. ${x}`).join(' ');

/** A bureau written in the tab-table layout (seeds 000–003). */
export function tabTable(b: GenBureau): string {
  const out = [`## ${b.name}定岗定责定流程表`, ''];
  const header = ['序号\t岗位名称\t工作事项\t岗位职能描述\t岗位责任描述\t工作流程\t负责人\t\t备注', '\t\t\t\t\t\t牵头负责人\t辅助人员\t'];
  b.posts.forEach((p, k) => {
    if (k % 3 === 0) out.push('', ...header);
    p.items.forEach((it, j) => {
      const title = p.seq <= 3 ? it.title : `${NUMERALS[j]}、${it.title}`;
      out.push(
        [
          j === 0 ? p.seq : '',
          j === 0 ? p.title : '',
          title,
          numbered(it.functions),
          numbered(it.responsibilities),
          it.codes.join(' '),
          it.lead,
          it.assistants.join(' '),
          '',
        ].join('\t'),
      );
    });
  });
  out.push('');
  for (const f of b.flowcharts) out.push(' ', f.code, '', `## ${f.title}`, '', '');
  out.push(`# ${b.centre}定岗定责定流程表`, '', `隶属关系：${b.name}所属`, '', `宗旨和业务范围\t\t承担${b.name}交办的事务性工作。\t\t\t\t`);
  out.push('序号\t岗位名称\t工作事项\t工作流程\t负责人\t\t备注', '\t\t\t\t牵头负责人\t辅助人员\t');
  for (const p of b.centrePosts) out.push([p.seq, p.title, p.duties.join('；'), p.steps.join('→'), p.lead, p.assistants.join(' '), ''].join('\t'));
  return out.join('\n') + '\n';
}

/** Breaks text into lines of at most `width` characters, as PDF extraction does. */
function wrap(text: string, width: number): string[] {
  const chars = [...text];
  const lines: string[] = [];
  for (let i = 0; i < chars.length; i += width) lines.push(chars.slice(i, i + width).join(''));
  return lines;
}

/** A bureau written in the PDF reading-order layout (seed 004). */
export function pdfFlow(b: GenBureau): string {
  const out = [` ${b.name}定岗定责定流程表`, ''];
  const header = ['序号 岗位名称 工作事项 岗位职能描述 岗位责任描述 工作流程', '负责人', '备注牵头', '负责人', '辅助', '人员'];
  let page = 1;
  b.posts.forEach((p, k) => {
    if (k % 3 === 0) {
      if (k > 0) out.push(`-${page++}-`, '');
      out.push(...header);
    }
    out.push(String(p.seq));
    if (p.seq <= 3) out.push('部门领导', p.seq === 1 ? '正职岗位' : `副职岗位 ${p.seq - 1}`);
    else out.push(...wrap(p.title.replace(/^业务岗(\d+): /, '业务岗位$1、'), 5));
    p.items.forEach((it, j) => {
      out.push(...wrap(p.seq <= 3 ? `${it.title}。` : `${NUMERALS[j]}、${it.title}`, 7));
      it.functions.forEach((f, n) => out.push(...wrap(`${n + 1}.${f}`, 14)));
      it.responsibilities.forEach((x, n) => out.push(...wrap(`${n + 1}.${x}`, 24)));
      out.push([...it.codes, it.lead, ...it.assistants].join(' '));
    });
  });
  out.push(`-${page++}-`, '');
  for (const f of b.flowcharts) out.push(f.code, f.title, '开始', '办理', '结束', `-${page++}-`, '');
  out.push(
    `${b.centre}定岗定责定流程表`,
    '',
    `隶属关系：${b.name}所属`,
    '',
    `宗旨和业务范围 承担${b.name}交办的事务性工作。`,
    '',
    '序号 岗位名称 工作事项 工作流程',
    '负责人',
    '备注',
    '牵头负责人 辅助人员',
  );
  for (const p of b.centrePosts) {
    out.push(String(p.seq), ...wrap(`业务岗位 ${p.seq}、${p.title}`, 9));
    p.duties.forEach((d, n) => out.push(...wrap(`${n + 1}. ${d}`, 18)));
    p.steps.forEach((s, n) => out.push(...wrap(`${n + 1}. ${s}`, 22)));
    out.push(p.lead, ...p.assistants);
  }
  return out.join('\n') + '\n';
}

/** A work item written into one bureau of a corpus, for a benchmark that looks for it after the import. */
export interface PlantedItem {
  /** the bureau's number in the corpus (gen-00042.txt is 42) */
  bureau: number;
  /** which business post (业务岗1–9) it goes under; the last by default */
  post?: number;
  title: string;
  functions: string[];
}

export interface CorpusOptions {
  /**
   * Work items written into the bureaus they name. No other text of the corpus reads as a planted title or function
   * (normaliseDuty: jurisdiction words, numbering and boilerplate aside), so a planted wording is found only where
   * it was planted.
   */
  plant?: PlantedItem[];
  /**
   * Bureaus as a province holds them: districts in turn, each with a bureau of every field (山山区自然资源局,
   * 山山区住房和城乡建设局, …, then 亭山区…), so that bureaus share districts and their duties can be compared.
   * Without it, bureau `i` is the generator's `i`: one field across every district (961) first. A province holds at
   * most PROVINCE_MAX bureaus of different names.
   */
  province?: boolean;
}

/** The most bureaus a province can hold before names repeat: every field in every district. */
export const PROVINCE_MAX = FIELDS.length * PLACES.length ** 2;

/** The generator's number of the `k`-th bureau of a province (CorpusOptions.province). */
export function provinceBureau(k: number): number {
  return (k % FIELDS.length) * PLACES.length ** 2 + Math.floor(k / FIELDS.length);
}

/** The vocabulary without the texts that read as one of `texts`: items so titled are dropped, functions so worded left out. */
function without(v: Vocabulary, texts: string[]): Vocabulary {
  const gone = new Set(texts.map(normaliseDuty));
  const keep = (t: string) => !gone.has(normaliseDuty(t));
  return {
    ...v,
    items: v.items
      .filter((i) => keep(i.title))
      .map((i) => ({ ...i, functions: i.functions.filter(keep) }))
      .filter((i) => i.functions.length > 0),
    centreDuties: v.centreDuties.filter(keep),
  };
}

/** Appends the planted items to their business posts, led by the post's usual lead, with its first item's responsibilities. */
function plantInto(b: GenBureau, planted: PlantedItem[]): void {
  for (const p of planted) {
    const k = p.post ?? 9;
    const post = b.posts.find((x) => x.seq === 3 + k);
    if (!post) throw new Error(`bureau ${p.bureau} has no business post ${k}`);
    if (post.items.length >= NUMERALS.length) throw new Error(`business post ${k} of bureau ${p.bureau} cannot hold more items`);
    const first = post.items[0]!;
    post.items.push({ title: p.title, functions: p.functions, responsibilities: first.responsibilities, codes: [], lead: first.lead, assistants: [] });
  }
}

/** Writes N bureaus' documents into `out` and returns how many posts and items they hold. */
export function generateCorpus(
  bureaus: number,
  seed: number,
  out: string,
  o: CorpusOptions = {},
): { files: string[]; posts: number; items: number; bytes: number } {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  if (o.province && bureaus > PROVINCE_MAX) throw new Error(`a province holds at most ${PROVINCE_MAX} bureaus of different names, not ${bureaus}`);
  const plant = o.plant ?? [];
  const plantedTexts = plant.flatMap((p) => [p.title, ...p.functions]);
  const v = plant.length ? without(vocabulary(), plantedTexts) : vocabulary();
  const files: string[] = [];
  let posts = 0;
  let items = 0;
  let bytes = 0;
  for (let i = 0; i < bureaus; i++) {
    const b = generateBureau(o.province ? provinceBureau(i) : i, v, seed);
    const here = plant.filter((p) => p.bureau === i);
    plantInto(b, here);
    const text = b.layout === 'tab-table' ? tabTable(b) : pdfFlow(b);
    const file = path.join(out, `gen-${String(i).padStart(5, '0')}.txt`);
    writeFileSync(file, text);
    files.push(file);
    posts += b.posts.length + b.centrePosts.length;
    items += b.posts.reduce((n, p) => n + p.items.length, 0) + b.centrePosts.length;
    bytes += Buffer.byteLength(text);
  }
  writeFileSync(path.join(out, 'manifest.json'), JSON.stringify({ bureaus, seed, posts, items, bytes }, null, 2));
  return { files, posts, items, bytes };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const opts = new Command('gen')
    .description('generate a corpus of 定岗定责定流程表 documents in both layouts')
    .requiredOption('--bureaus <n>', 'how many bureaus', (x) => Number.parseInt(x, 10))
    .option('--seed <s>', 'random seed', (x) => Number.parseInt(x, 10), 1)
    .option('--out <dir>', 'output folder', path.join(root, 'bench-out/corpus'))
    .option('--province', 'districts in turn, each with a bureau of every field, as a province holds them')
    .parse()
    .opts<{ bureaus: number; seed: number; out: string; province?: boolean }>();
  if (!Number.isInteger(opts.bureaus) || opts.bureaus < 1) {
    console.error('gen: --bureaus must be a whole number of at least 1');
    process.exit(2);
  }
  if (opts.province && opts.bureaus > PROVINCE_MAX) {
    console.error(`gen: --province holds at most ${PROVINCE_MAX} bureaus of different names`);
    process.exit(2);
  }
  const r = generateCorpus(opts.bureaus, opts.seed, opts.out, { province: opts.province });
  console.log(
    `wrote ${r.files.length} documents (${r.posts} posts, ${r.items} work items, ${(r.bytes / 1e6).toFixed(1)} MB) to ${path.relative(process.cwd(), opts.out)}`,
  );
}
