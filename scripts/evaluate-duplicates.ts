/**
 * npx tsx scripts/evaluate-duplicates.ts [--pairs]: scores the labelled pairs of test/fixtures/duplicate-pairs.json
 * with the sentence embedder's cosine and the bigram Jaccard of server/analyses/duplicates.ts, and prints precision
 * and recall over a sweep of thresholds for cosine alone, Jaccard alone and cosine OR Jaccard. --pairs also prints
 * every pair's scores. docs/duplicate-pairs.md says how the pairs were labelled.
 */
import { openEmbedder } from '../server/embedding/embedder.ts';
import { provisionModel } from '../server/embedding/model.ts';
import { THRESHOLDS } from '../server/analyses/duty-pairs.ts';
import { labelledPairs, measureLabelledPairs, productSays, type LabelledPair, type MeasuredPair } from './labelled-pairs.ts';

interface Scored {
  pair: LabelledPair;
  cosine: number;
  jaccard: number;
  measured: MeasuredPair;
}
interface Rates {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

/** Counts and rates of a prediction against the labels; precision is 1 when nothing is predicted. */
function rates(scored: Scored[], predict: (s: Scored) => boolean): Rates {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const s of scored) {
    const p = predict(s);
    if (p && s.pair.duplicate) tp++;
    else if (p) fp++;
    else if (s.pair.duplicate) fn++;
  }
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp, fp, fn, precision, recall, f1 };
}

/** Thresholds from `from` to `to` in steps of `step`, rounded so that 0.7 prints as 0.70. */
function steps(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let i = 0; from + i * step <= to + 1e-9; i++) out.push(Math.round((from + i * step) * 100) / 100);
  return out;
}

const pct = (x: number) => x.toFixed(2);
const row = (cells: (string | number)[], widths: number[]) => cells.map((c, i) => String(c).padStart(widths[i]!)).join('  ');

const pairs = labelledPairs();
const embedder = await openEmbedder(await provisionModel());
const scored: Scored[] = (await measureLabelledPairs(embedder, pairs)).map((m) => ({
  pair: m.pair,
  cosine: m.measures.cosine,
  jaccard: m.measures.lexical,
  measured: m,
}));
await embedder.close();

const positives = pairs.filter((p) => p.duplicate).length;
const byGrain = (['post', 'item', 'duty'] as const).map((g) => {
  const of = pairs.filter((p) => p.grain === g);
  return `${g} ${of.filter((p) => p.duplicate).length}+/${of.filter((p) => !p.duplicate).length}-`;
});
console.log(`${pairs.length} pairs: ${positives} duplicates, ${pairs.length - positives} not (${byGrain.join(', ')})\n`);

if (process.argv.includes('--pairs')) {
  for (const s of [...scored].sort((x, y) => y.cosine - x.cosine))
    console.log(
      `${s.pair.duplicate ? '+' : '-'} ${s.pair.grain.padEnd(4)} cos ${pct(s.cosine)} jac ${pct(s.jaccard)}  ${s.pair.a.text.slice(0, 24)} | ${s.pair.b.text.slice(0, 24)}`,
    );
  console.log();
}

const cosSweep = steps(0.3, 0.95, 0.01);
const jacSweep = steps(0, 0.9, 0.01);
const w = [5, 6, 6, 6, 6, 6, 6];
console.log('cosine ≥ t and Jaccard ≥ t, each alone');
console.log(row(['t', 'cos P', 'cos R', 'cos F1', 'jac P', 'jac R', 'jac F1'], w));
for (const t of steps(0.1, 0.95, 0.05)) {
  const c = rates(scored, (s) => s.cosine >= t);
  const j = rates(scored, (s) => s.jaccard >= t);
  console.log(row([pct(t), pct(c.precision), pct(c.recall), pct(c.f1), pct(j.precision), pct(j.recall), pct(j.f1)], w));
}

/** The thresholds with the best F1: the best, and the range of thresholds that reach it. */
function best(sweep: number[], predict: (t: number) => (s: Scored) => boolean) {
  const all = sweep.map((t) => ({ t, r: rates(scored, predict(t)) }));
  const top = Math.max(...all.map((x) => x.r.f1));
  const at = all.filter((x) => Math.abs(x.r.f1 - top) < 1e-12);
  // the middle of the best range: a threshold at its edge would flip a pair on the next seed
  return { ...at[Math.floor(at.length / 2)]!, from: at[0]!.t, to: at.at(-1)!.t };
}

console.log('\ncosine ≥ c OR Jaccard ≥ j: for each c, the j with the best F1');
console.log(row(['c', 'best j', 'P', 'R', 'F1'], [5, 6, 6, 6, 6]));
const orBest: { c: number; j: number; r: Rates }[] = [];
for (const c of cosSweep) {
  const b = best(jacSweep, (j) => (s) => s.cosine >= c || s.jaccard >= j);
  orBest.push({ c, j: b.t, r: b.r });
  if (Math.round(c * 100) % 5 === 0) console.log(row([pct(c), pct(b.t), pct(b.r.precision), pct(b.r.recall), pct(b.r.f1)], [5, 6, 6, 6, 6]));
}

const cos = best(cosSweep, (t) => (s) => s.cosine >= t);
const jac = best(jacSweep, (t) => (s) => s.jaccard >= t);
const orTop = Math.max(...orBest.map((x) => x.r.f1));
const orAt = orBest.filter((x) => Math.abs(x.r.f1 - orTop) < 1e-12);
const or = orAt[Math.floor(orAt.length / 2)]!;
const line = (name: string, r: Rates, extra: string) =>
  console.log(`${name.padEnd(34)} P ${pct(r.precision)}  R ${pct(r.recall)}  F1 ${r.f1.toFixed(3)}  (TP ${r.tp}, FP ${r.fp}, FN ${r.fn})${extra}`);
console.log('\nbest F1');
line(`cosine ≥ ${pct(cos.t)}`, cos.r, `; same F1 for ${pct(cos.from)}–${pct(cos.to)}`);
line(`Jaccard ≥ ${pct(jac.t)}`, jac.r, `; same F1 for ${pct(jac.from)}–${pct(jac.to)}`);
line(`cosine ≥ ${pct(or.c)} OR Jaccard ≥ ${pct(or.j)}`, or.r, `; same F1 for cosine ${pct(orAt[0]!.c)}–${pct(orAt.at(-1)!.c)}`);
// wording alone, as the product judged before meaning and judges without it
line(
  `wording alone: Jaccard ≥ ${pct(THRESHOLDS.statement.wordsAlone)}`,
  rates(scored, (s) => s.jaccard >= THRESHOLDS.statement.wordsAlone),
  '',
);

line(
  'the product (server/analyses/duty-pairs.ts)',
  rates(scored, (s) => productSays(s.measured)),
  '',
);
for (const g of ['post', 'item', 'duty'] as const)
  line(
    `  ${g}`,
    rates(
      scored.filter((s) => s.pair.grain === g),
      (s) => productSays(s.measured),
    ),
    '',
  );
console.log('\npairs the product gets wrong');
for (const s of scored.filter((x) => productSays(x.measured) !== x.pair.duplicate)) {
  console.log(
    `${s.pair.duplicate ? 'missed' : 'false alarm'} ${s.pair.grain} cos ${pct(s.cosine)} jac ${pct(s.jaccard)}  ${s.pair.a.text.slice(0, 30)} | ${s.pair.b.text.slice(0, 30)}`,
  );
}

const rules: [string, (s: Scored) => boolean, number][] = [
  ['cosine', (s) => s.cosine >= cos.t, cos.r.f1],
  ['Jaccard', (s) => s.jaccard >= jac.t, jac.r.f1],
  ['cosine OR Jaccard', (s) => s.cosine >= or.c || s.jaccard >= or.j, or.r.f1],
];
const [name, predict] = rules.reduce((x, y) => (y[2] > x[2] ? y : x));
console.log(`\nby grain, ${name} at its best threshold`);
for (const g of ['post', 'item', 'duty'] as const) {
  const r = rates(
    scored.filter((s) => s.pair.grain === g),
    predict,
  );
  line(`  ${g}`, r, '');
}
console.log(`\npairs ${name} at its best threshold gets wrong`);
for (const s of scored.filter((x) => predict(x) !== x.pair.duplicate)) {
  const kind = s.pair.duplicate ? 'missed' : 'false alarm';
  console.log(
    `${kind.padEnd(11)} ${s.pair.grain.padEnd(4)} cos ${pct(s.cosine)} jac ${pct(s.jaccard)}  ${s.pair.a.text.slice(0, 30)} | ${s.pair.b.text.slice(0, 30)}  (${s.pair.why})`,
  );
}
