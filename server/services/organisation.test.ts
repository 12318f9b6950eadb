import { describe, expect, it } from 'vitest';
import { unitTree } from './organisation.ts';

describe('the unit tree', () => {
  it('nests units under their parents and keeps the roots in the given order', () => {
    const tree = unitTree([
      { id: 'unit:市局', parent: null },
      { id: 'unit:区局', parent: null },
      { id: 'unit:市局/规划科', parent: 'unit:市局' },
      { id: 'unit:区局/中心', parent: 'unit:区局' },
      { id: 'unit:区局/中心/股', parent: 'unit:区局/中心' },
      // a parent not among the rows: the unit stands at the top
      { id: 'unit:别处/科', parent: 'unit:别处' },
    ]);
    expect(tree.map((u) => u.id)).toEqual(['unit:市局', 'unit:区局', 'unit:别处/科']);
    expect(tree[1]!.children.map((u) => u.id)).toEqual(['unit:区局/中心']);
    expect(tree[1]!.children[0]!.children.map((u) => u.id)).toEqual(['unit:区局/中心/股']);
    expect(tree[0]!.children.map((u) => u.id)).toEqual(['unit:市局/规划科']);
  });
});
