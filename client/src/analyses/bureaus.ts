/** The bureaus a view can be about, from the overview: which one to draw first, and the side bar to pick another. */
import type { OverviewBureau, OverviewResponse } from '../api.ts';
import { h } from '../dom.ts';
import { strings } from '../i18n.ts';
import { navTree } from '../nav-tree.ts';

const s = strings({ pick: '选择单位' }, { pick: 'Pick a bureau' });

/** Every bureau of the overview, in its order. */
export const bureausOf = (o: OverviewResponse): OverviewBureau[] => o.regions.flatMap((r) => r.bureaus);

/**
 * The bureau a view draws before any is picked: the one with the most posts (the most to see), the first of the
 * overview on a tie; null when there is none.
 */
export function topBureau(o: OverviewResponse): OverviewBureau | null {
  return bureausOf(o).reduce<OverviewBureau | null>((best, b) => (best === null || b.posts > best.posts ? b : best), null);
}

/** The side bar's bureau picker (the shared tree of regions and bureaus), named for assistive technology. */
export async function bureauSide(selected: string | null, onPick: (id: string | null) => void): Promise<HTMLElement> {
  return h('nav', { class: 'bureau-side', 'aria-label': s().pick }, await navTree({ selected, onPick }));
}
