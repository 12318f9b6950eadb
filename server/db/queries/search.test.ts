import { describe, expect, it } from 'vitest';
import { luceneText } from './search.ts';

describe('the full-text query', () => {
  it('searches what the user typed as text, not as Lucene syntax', () => {
    expect(luceneText('国土空间规划')).toBe('国土空间规划');
    expect(luceneText('a:b')).toBe('a\\:b');
    expect(luceneText('*:*')).toBe('\\*\\:\\*');
    expect(luceneText('(x OR y) && !z')).toBe('\\(x or y\\) \\&\\& \\!z');
    // an operator with nothing before it would not parse
    expect(luceneText('OR 1=1')).toBe('or 1=1');
    expect(luceneText('"规划" ~2 ^3 [a TO b] {c} +d -e ?f \\ /g')).toBe('\\"规划\\" \\~2 \\^3 \\[a to b\\] \\{c\\} \\+d \\-e \\?f \\\\ \\/g');
  });
});
