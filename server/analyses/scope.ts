/** Where a pair of similar duties sits: across bureaus, between a bureau and its own centre, or within one bureau. */

export type Scope = 'cross-bureau' | 'bureau-centre' | 'same-bureau';

export interface Placed {
  /** the bureau the duty's unit belongs to */
  bureau: string;
  unitKind: string;
}

/** The scope of a pair from where its two duties sit. */
export function scopeOf(a: Placed, b: Placed): Scope {
  if (a.bureau !== b.bureau) return 'cross-bureau';
  const oneCentre = a.unitKind !== b.unitKind && (a.unitKind === 'centre' || b.unitKind === 'centre');
  return oneCentre ? 'bureau-centre' : 'same-bureau';
}

/**
 * Where a bureau's name places it: a district (…区, …县, …旗) or a city (…市), or null when the name says neither
 * (a city department's section, 国土空间规划科).
 */
export function jurisdictionOf(bureau: string): { level: 'district' | 'city'; name: string } | null {
  const district = /^(\p{Script=Han}{1,8}?[区县旗])/u.exec(bureau);
  if (district) return { level: 'district', name: district[1]! };
  const city = /^(\p{Script=Han}{1,8}?市)/u.exec(bureau);
  return city ? { level: 'city', name: city[1]! } : null;
}

/**
 * Whether two bureaus may carry one duty twice: not when their names place them in two different districts (or two
 * different cities), where each does the same work for its own people. A district and a city, or a bureau whose name
 * says neither, may.
 */
export function sameJurisdiction(a: string, b: string): boolean {
  const [x, y] = [jurisdictionOf(a), jurisdictionOf(b)];
  if (x === null || y === null) return true;
  return x.level !== y.level || x.name === y.name;
}

/**
 * The region the explorer files a bureau under: the district or city its name gives, `市` for a department named
 * only by the city's prefix (市自然资源局); null when the name gives none.
 */
export function regionOf(bureau: string): { level: 'district' | 'city'; name: string } | null {
  return jurisdictionOf(bureau) ?? (bureau.startsWith('市') ? { level: 'city', name: '市' } : null);
}

/** The region's name of a unit by its id (unit:<bureau> or unit:<bureau>/<unit>): its bureau's region. */
export function regionOfUnit(id: string): string | null {
  return regionOf(id.replace(/^unit:/, '').split('/')[0]!)?.name ?? null;
}
