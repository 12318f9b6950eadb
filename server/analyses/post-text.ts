/** A whole post as one text, for comparing posts by meaning: its title, then each work item's title and duties. */

interface ItemTexts {
  title: string | null;
  functions: { text: string }[];
  responsibilities: { text: string }[];
}

/** The post's title, its items' titles and its function and responsibility texts, a line each, in document order. */
export function postText(title: string, items: ItemTexts[]): string {
  const parts = [title];
  for (const item of items) {
    if (item.title) parts.push(item.title);
    for (const s of [...item.functions, ...item.responsibilities]) parts.push(s.text);
  }
  return parts.join('\n');
}
