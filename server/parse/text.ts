/** Normalisation shared by both layouts: cell text, names, workflow codes, numbering, statements. */
import type { Statement } from '../model/document.ts';

/** Cell text without HTML tags or entities; list items and paragraphs become line breaks. */
export function stripHtml(s: string): string {
  return s
    .replace(/<\/?(li|p|br|ol|ul)\b[^>]*>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Collapses every run of white space to one space and trims. */
export function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Removes all white space: the tables pad CJK text for alignment (`张 亚` is 张亚). */
export function unpad(s: string): string {
  return s.replace(/\s+/g, '');
}

/**
 * Splits a staff cell into personal names, each with the spelling the table used. Names have 2–4 characters
 * and are padded for alignment: `韩 山 赵 阳 刘 聪` is 韩山, 赵阳, 刘聪; `李 伟 张 峰 秦曾艳` is 李伟, 张峰, 秦曾艳.
 */
export function splitNamesWritten(cell: string): { name: string; written: string }[] {
  const tokens = squash(stripHtml(cell).replace(/[，,、；;]/g, ' '))
    .split(' ')
    .filter(Boolean);
  const out: { name: string; written: string }[] = [];
  let singles: string[] = [];
  const flush = () => {
    // a run of single characters: two-character names; a lone odd one joins the previous name
    for (let i = 0; i < singles.length; i += 2) {
      const chars = singles.slice(i, i + 2);
      const last = out.at(-1);
      if (chars.length === 1 && last) {
        last.name += chars[0];
        last.written += ` ${chars[0]}`;
      } else out.push({ name: chars.join(''), written: chars.join(' ') });
    }
    singles = [];
  };
  for (const t of tokens) {
    if ([...t].length === 1) singles.push(t);
    else {
      flush();
      out.push({ name: t, written: t });
    }
  }
  flush();
  return out;
}

/** Personal names of a staff cell, without the padding. */
export function splitNames(cell: string): string[] {
  return splitNamesWritten(cell).map((n) => n.name);
}

/** Does the text read as a list of personal names only? */
export function looksLikeNames(cell: string): boolean {
  const names = splitNames(cell);
  return names.length > 0 && names.every((n) => /^[\u4e00-\u9fff·]{2,4}$/u.test(n));
}

const CODE = /\d{1,3}(?:\s*-\s*\d{1,3})+/g;

/** True when a workflow cell holds only codes (and 详见), not written steps. */
export function isCodeCell(cell: string): boolean {
  return /^[\d\s\-,，、;；]*$/.test(stripHtml(cell).replace(/详见/g, ' '));
}

/**
 * Workflow codes in a cell such as `4-1-1-1 4-1-1-2`, `详见09-1`, `<p>详见 07-2-1 07-2-2</p>`;
 * a cell of codes alone may also hold bare numbers (`05`, `13`).
 */
export function workflowCodes(cell: string): string[] {
  const text = stripHtml(cell).replace(/详见/g, ' ');
  if (isCodeCell(cell)) return [...text.matchAll(/\d{1,3}(?:\s*-\s*\d{1,3})*/g)].map((m) => unpad(m[0]));
  return [...text.matchAll(CODE)].map((m) => unpad(m[0]));
}

const NUMERALS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

/** 一 → 1, 十六 → 16, 二十三 → 23. */
export function chineseNumber(s: string): number | null {
  if (!/^[一二三四五六七八九十]+$/.test(s)) return null;
  if (s.length === 1) return NUMERALS[s] ?? null;
  const [a, b, c] = [...s];
  if (s.length === 2 && a === '十') return 10 + (NUMERALS[b!] ?? 0);
  if (s.length === 2 && b === '十') return (NUMERALS[a!] ?? 0) * 10;
  if (s.length === 3 && b === '十') return (NUMERALS[a!] ?? 0) * 10 + (NUMERALS[c!] ?? 0);
  return null;
}

/** Does a work item's cell begin with its own number: 一、… 二.… （三）…? */
export function startsNumberedItem(cell: string): boolean {
  return /^([一二三四五六七八九十]+\s*[、.．,，]|[（(][一二三四五六七八九十\d]+[)）])/.test(squash(stripHtml(cell)));
}

/** Splits `一、预算管理` into its number and title; titles lose a trailing full stop. */
export function itemTitle(cell: string): { number: number | null; title: string } {
  const text = squash(stripHtml(cell));
  const m = /^([一二三四五六七八九十]+)\s*[、.．,，]\s*(.*)$/.exec(text);
  const number = m ? chineseNumber(m[1]!) : null;
  const title = (m && number !== null ? m[2]! : text).replace(/[。.;；]+$/, '').trim();
  return { number, title };
}

/** Splits a description cell into numbered statements; each "X责任：…" statement is typed. */
export function statements(cell: string): Statement[] {
  const text = stripHtml(cell);
  const parts = text
    .split(/\n|(?:^|\s|(?<=[。；;]))(?=\d{1,2}\s*[.、．](?!\d))/)
    .map((p) => squash(p.replace(/^\d{1,2}\s*[.、．]\s*/, '')))
    .filter((p) => p.length > 0);
  return parts.map((text) => {
    const m = /^([\u4e00-\u9fff]{1,14}?(?:责任|职责))\s*[:：]/.exec(text);
    return { text, type: m ? m[1]! : null };
  });
}

/** Ordered steps written in a workflow cell: arrows (A→B→C) and numbered lists (1. … 2. …). */
export function steps(cell: string): string[] {
  const text = squash(stripHtml(cell));
  if (!text) return [];
  const numbered = text
    .split(/(?:^|\s|(?<=[。；;]))(?=\d{1,2}\s*[.、．](?!\d))/)
    .map((p) => p.replace(/^\d{1,2}\s*[.、．]\s*/, '').trim())
    .filter(Boolean);
  return numbered.flatMap((part) =>
    part
      .split(/→|->|(?=（\d+）)/)
      .map((s) => s.replace(/^（\d+）/, ''))
      .map((s) => s.trim())
      .filter(Boolean),
  );
}

/** 分管…: the units a leader oversees, from a functions text. */
export function overseen(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/分管([^。；;]+)/g)) {
    for (const part of m[1]!.split(/[、，,和及]/)) {
      const name = unpad(part).replace(/(等)?(工作)?[。.]?$/, '');
      if (name.length >= 2 && !out.includes(name)) out.push(name);
    }
  }
  return out;
}

/** Kind of post from its title: 正职 principal, 副职 deputy, others staff. */
export function postKind(title: string): 'principal' | 'deputy' | 'staff' {
  const t = unpad(title);
  if (t.includes('正职')) return 'principal';
  if (t.includes('副职')) return 'deputy';
  return 'staff';
}

/** Common Chinese surnames; a name in the PDF-flow layout must start with one to be read as a person. */
const SURNAMES = new Set([
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝满候都',
]);

/** 2–3 characters starting with a common surname (复姓 such as 欧阳 take 3–4). */
export function isPersonName(name: string): boolean {
  const chars = [...name];
  if (!/^[\u4e00-\u9fff]+$/u.test(name) || chars.length < 2 || chars.length > 4) return false;
  if (/^(欧阳|司马|诸葛|上官|东方|皇甫|尉迟|公孙|慕容|令狐|夏侯)/.test(name)) return chars.length >= 3;
  return SURNAMES.has(chars[0]!) && chars.length <= 3;
}
