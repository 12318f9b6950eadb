/** 职责重复 as data: the bureau × bureau matrix of pair counts, and the pairs grouped by the two places they sit in. */
import type { DupPair, DuplicateMatrixResponse, DuplicatesResponse } from '../api.ts';

type Owner = DuplicateMatrixResponse['owners'][number];
type Side = Pick<DupPair['a'], 'bureau' | 'unit'>;

/**
 * The owners in reading order: each bureau followed by its own centres (a centre's id is under its bureau's), each
 * with its index in the response.
 */
export function ownerOrder(owners: Owner[]): { owner: Owner; index: number }[] {
  const all = owners.map((owner, index) => ({ owner, index }));
  const bureaus = all.filter((o) => o.owner.kind !== 'centre').sort((a, b) => a.owner.name.localeCompare(b.owner.name, 'zh'));
  const under = (b: Owner) => (o: { owner: Owner }) => o.owner.kind === 'centre' && o.owner.id.startsWith(`${b.id}/`);
  const placed = bureaus.flatMap((b) => [b, ...all.filter(under(b.owner)).sort((x, y) => x.owner.name.localeCompare(y.owner.name, 'zh'))]);
  // a centre whose bureau is not an owner still gets a row
  return [...placed, ...all.filter((o) => !placed.includes(o))];
}

/**
 * The owner a side of a pair belongs to, as an index into `owners`: the centre it sits in when its unit is one, else
 * its bureau; -1 when neither is an owner.
 */
export function ownerOf(side: Side, owners: Owner[]): number {
  const centre = owners.findIndex((o) => o.kind === 'centre' && o.name === side.unit);
  return centre >= 0 ? centre : owners.findIndex((o) => o.kind !== 'centre' && o.name === side.bureau);
}

/** A region with its likely pairs: those with a side in one of its bureaus or centres. */
export interface RegionPairs {
  region: string | null;
  pairs: number;
}

/** The regions whose owners hold pairs, most pairs first (the matrix of a province is read a region at a time). */
export function regionPairs(m: DuplicateMatrixResponse): RegionPairs[] {
  const count = new Map<string | null, number>();
  for (const c of m.cells) {
    const regions = new Set([m.owners[c.a]?.region ?? null, m.owners[c.b]?.region ?? null]);
    for (const r of regions) count.set(r, (count.get(r) ?? 0) + c.pairs);
  }
  return [...count]
    .map(([region, pairs]) => ({ region, pairs }))
    .filter((r) => r.pairs > 0)
    .sort((a, b) => b.pairs - a.pairs || (a.region ?? '').localeCompare(b.region ?? '', 'zh'));
}

/**
 * The part of the matrix a region takes: its owners, and the owners outside it that share pairs with them (a city's
 * bureau beside a district's), with the cells between them; owners and cells indexed afresh.
 */
export function regionMatrix(m: DuplicateMatrixResponse, region: string | null): DuplicateMatrixResponse {
  const inside = (i: number) => (m.owners[i]?.region ?? null) === region;
  const touching = m.cells.filter((c) => c.pairs > 0 && (inside(c.a) || inside(c.b)));
  const kept = [...new Set(touching.flatMap((c) => [c.a, c.b]))].sort((x, y) => x - y);
  const at = new Map(kept.map((old, i) => [old, i]));
  return {
    owners: kept.map((i) => m.owners[i]!),
    cells: m.cells.filter((c) => at.has(c.a) && at.has(c.b)).map((c) => ({ ...c, a: at.get(c.a)!, b: at.get(c.b)! })),
  };
}

/** A heatmap cell: [column, row, pairs] in display positions, and the counts behind it as the response gives them. */
export interface MatrixCell {
  value: [number, number, number];
  a: number;
  b: number;
  confirmed: number;
  rejected: number;
}

/**
 * The matrix in display order, both halves filled (a pair between two owners reads the same from either), with the
 * owners' labels and the largest count.
 */
export function matrixCells(m: DuplicateMatrixResponse): { owners: Owner[]; indexes: number[]; cells: MatrixCell[]; max: number } {
  const order = ownerOrder(m.owners);
  const pos = new Map(order.map((o, i) => [o.index, i]));
  const cells = m.cells
    .filter((c) => c.pairs > 0 && pos.has(c.a) && pos.has(c.b))
    .flatMap((c) => {
      const [x, y] = [pos.get(c.a)!, pos.get(c.b)!];
      const cell = (col: number, row: number): MatrixCell => ({ value: [col, row, c.pairs], a: c.a, b: c.b, confirmed: c.confirmed, rejected: c.rejected });
      return x === y ? [cell(x, y)] : [cell(x, y), cell(y, x)];
    });
  return { owners: order.map((o) => o.owner), indexes: order.map((o) => o.index), cells, max: Math.max(0, ...m.cells.map((c) => c.pairs)) };
}

/** Whether a pair's two sides sit in the owners `a` and `b` (ids), either way round. */
export function pairBetween(p: Pick<DupPair, 'a' | 'b'>, owners: Owner[], a: string, b: string): boolean {
  const [x, y] = [ownerOf(p.a, owners), ownerOf(p.b, owners)].map((i) => owners[i]?.id);
  return (x === a && y === b) || (x === b && y === a);
}

/** A group of the list: the pairs between two owners, those of one cluster together. */
export interface PairGroup {
  /** the two owners' names, in reading order; the side's bureau or unit where it has no owner */
  names: [string, string];
  pairs: { pair: DupPair; cluster: number | null }[];
}

/**
 * The pairs grouped by the two owners they sit in, the groups with most pairs first; within a group, the pairs of a
 * cluster of `clusterMin` places or more together (largest clusters first), then by score.
 */
export function groupPairs(pairs: DupPair[], owners: Owner[], clusters: DuplicatesResponse['clusters'], clusterMin: number): PairGroup[] {
  const rank = new Map(ownerOrder(owners).map((o, i) => [o.index, i]));
  const clusterOf = new Map<string, number>();
  const big = clusters.map((c, i) => ({ c, i })).filter((x) => x.c.size >= clusterMin);
  big.sort((x, y) => y.c.size - x.c.size || x.i - y.i);
  big.forEach((x, order) => x.c.keys.forEach((k) => clusterOf.has(k) || clusterOf.set(k, order)));
  const groups = new Map<string, PairGroup>();
  for (const pair of pairs) {
    const sides = [pair.a, pair.b].map((s) => {
      const i = ownerOf(s, owners);
      return i >= 0 ? { rank: rank.get(i)!, name: owners[i]!.name } : { rank: Number.MAX_SAFE_INTEGER, name: s.bureau || s.unit };
    });
    sides.sort((x, y) => x.rank - y.rank || x.name.localeCompare(y.name, 'zh'));
    const names: [string, string] = [sides[0]!.name, sides[1]!.name];
    const key = names.join('\u0000');
    const group = groups.get(key) ?? { names, pairs: [] };
    group.pairs.push({ pair, cluster: clusterOf.get(pair.key) ?? null });
    groups.set(key, group);
  }
  const inCluster = (c: number | null) => c ?? Number.MAX_SAFE_INTEGER;
  for (const g of groups.values()) g.pairs.sort((x, y) => inCluster(x.cluster) - inCluster(y.cluster) || y.pair.score - x.pair.score);
  return [...groups.values()].sort((x, y) => y.pairs.length - x.pairs.length || x.names.join().localeCompare(y.names.join(), 'zh'));
}
