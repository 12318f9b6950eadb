import { describe, expect, it } from 'vitest';
import { jurisdictionOf, sameJurisdiction, scopeOf } from './scope.ts';

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

describe('the jurisdiction a bureau’s name gives', () => {
  it('reads a district, a city, or nothing', () => {
    expect(jurisdictionOf('山亭区自然资源局')).toEqual({ level: 'district', name: '山亭区' });
    expect(jurisdictionOf('山亭区建筑业发展服务中心')).toEqual({ level: 'district', name: '山亭区' });
    expect(jurisdictionOf('滕州市自然资源局')).toEqual({ level: 'city', name: '滕州市' });
    expect(jurisdictionOf('国土空间规划科')).toBeNull();
  });

  it('pairs bureaus of one district, a district and a city, or any with a bureau the name does not place', () => {
    expect(sameJurisdiction('山亭区自然资源局', '山亭区住房和城乡建设局')).toBe(true);
    expect(sameJurisdiction('山亭区自然资源局', '国土空间规划科')).toBe(true);
    expect(sameJurisdiction('山亭区自然资源局', '枣庄市自然资源局')).toBe(true);
    // each district's bureau manages its own district's land: the same work, not one duty carried twice
    expect(sameJurisdiction('山亭区自然资源局', '薛城区自然资源局')).toBe(false);
  });
});
