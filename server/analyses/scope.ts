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
