import { describe, expect, it } from 'vitest';
import { scopeOf } from './scope.ts';

describe('the scope of a similar pair', () => {
  it('is across bureaus when the bureaus differ, whatever the units', () => {
    expect(scopeOf({ bureau: 'unit:市局', unitKind: 'department' }, { bureau: 'unit:区局', unitKind: 'bureau' })).toBe('cross-bureau');
    expect(scopeOf({ bureau: 'unit:市局', unitKind: 'centre' }, { bureau: 'unit:区局', unitKind: 'centre' })).toBe('cross-bureau');
  });

  it('is between a bureau and its centre when exactly one side is a centre of the same bureau', () => {
    expect(scopeOf({ bureau: 'unit:区局', unitKind: 'bureau' }, { bureau: 'unit:区局', unitKind: 'centre' })).toBe('bureau-centre');
    expect(scopeOf({ bureau: 'unit:区局', unitKind: 'centre' }, { bureau: 'unit:区局', unitKind: 'section' })).toBe('bureau-centre');
  });

  it('is within one bureau otherwise, two centres of it included', () => {
    expect(scopeOf({ bureau: 'unit:区局', unitKind: 'bureau' }, { bureau: 'unit:区局', unitKind: 'bureau' })).toBe('same-bureau');
    expect(scopeOf({ bureau: 'unit:区局', unitKind: 'centre' }, { bureau: 'unit:区局', unitKind: 'centre' })).toBe('same-bureau');
  });
});
