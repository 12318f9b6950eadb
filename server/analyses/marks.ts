/** Marks the characters two duty texts do not share, for showing them side by side. */
import { diffChars } from 'diff';

export interface Segment {
  text: string;
  differs: boolean;
}

/** The two texts cut into runs, each marked as shared or differing. */
export function markDifferences(a: string, b: string): { a: Segment[]; b: Segment[] } {
  const left: Segment[] = [];
  const right: Segment[] = [];
  for (const part of diffChars(a, b)) {
    if (part.added) right.push({ text: part.value, differs: true });
    else if (part.removed) left.push({ text: part.value, differs: true });
    else {
      left.push({ text: part.value, differs: false });
      right.push({ text: part.value, differs: false });
    }
  }
  return { a: left, b: right };
}
