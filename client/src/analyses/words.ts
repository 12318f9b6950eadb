/** The graph's own keys (properties, their coded values, relationship types) as words of the language in use. */
import { strings } from '../i18n.ts';

const s = strings(
  {
    'field.kind': '类别',
    'field.seq': '岗位序号',
    'field.number': '事项序号',
    'field.bureau': '所属单位',
    'field.code': '流程编号',
    'field.mission': '主要职责',
    'field.remarks': '备注',
    'field.type': '职责类型',
    'field.vacant': '空缺',
    'field.unplaced': '未定汇报关系',
    'kind.principal': '正职岗位',
    'kind.deputy': '副职岗位',
    'kind.staff': '一般岗位',
    'kind.bureau': '局',
    'kind.department': '内设科室',
    'kind.centre': '所属中心',
    'kind.section': '股室',
    yes: '是',
    no: '否',
    // 牵头 = leads, 辅助 = assists, 分管 = oversees, 隶属 = belongs to
    'rel.LEADS': '牵头',
    'rel.ASSISTS': '辅助',
    'rel.HAS_ITEM': '含工作事项',
    'rel.HAS_DUTY': '含职责',
    'rel.IN_UNIT': '所在单位',
    'rel.PART_OF': '隶属',
    'rel.HEADS': '负责',
    'rel.OVERSEES': '分管',
    'rel.REPORTS_TO': '汇报给',
    'rel.FOLLOWS': '遵循流程',
    'rel.FIRST_STEP': '第一步',
    'rel.NEXT': '下一步',
    'rel.SIMILAR_TO': '相似',
    'rel.SOURCED_FROM': '来源',
    'dir.out': '→',
    'dir.in': '←',
    colon: '：',
  },
  {
    'field.kind': 'kind',
    'field.seq': 'post number',
    'field.number': 'item number',
    'field.bureau': 'bureau',
    'field.code': 'workflow code',
    'field.mission': 'mission',
    'field.remarks': 'remarks',
    'field.type': 'duty type',
    'field.vacant': 'vacant',
    'field.unplaced': 'no reporting line',
    'kind.principal': 'head',
    'kind.deputy': 'deputy head',
    'kind.staff': 'staff post',
    'kind.bureau': 'bureau',
    'kind.department': 'department',
    'kind.centre': 'centre',
    'kind.section': 'section',
    yes: 'yes',
    no: 'no',
    'rel.LEADS': 'leads',
    'rel.ASSISTS': 'assists in',
    'rel.HAS_ITEM': 'has work item',
    'rel.HAS_DUTY': 'has duty',
    'rel.IN_UNIT': 'in unit',
    'rel.PART_OF': 'part of',
    'rel.HEADS': 'heads',
    'rel.OVERSEES': 'oversees',
    'rel.REPORTS_TO': 'reports to',
    'rel.FOLLOWS': 'follows',
    'rel.FIRST_STEP': 'first step',
    'rel.NEXT': 'next step',
    'rel.SIMILAR_TO': 'similar to',
    'rel.SOURCED_FROM': 'sourced from',
    'dir.out': '→',
    'dir.in': '←',
    colon: ': ',
  },
);

type Texts = ReturnType<typeof s>;
const lookup = (key: string): string | undefined => (s() as unknown as Record<string, string>)[key];

/** A property's name as a word; the key itself when it has none. */
export function fieldName(key: string): string {
  return lookup(`field.${key}`) ?? key;
}

/** A property's value as read: coded kinds as words, yes/no for flags, the rest as it is. */
export function fieldValue(key: string, value: unknown): string {
  if (typeof value === 'boolean') return value ? s().yes : s().no;
  if (key === 'kind' && typeof value === 'string') return lookup(`kind.${value}`) ?? value;
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

/** A property as one line: "类别：正职岗位" / "kind: head". */
export function fieldLine(key: string, value: unknown): string {
  return `${fieldName(key)}${s().colon}${fieldValue(key, value)}`;
}

/** A relationship type (LEADS, PART_OF…) as words, for a neighbour seen from the node open: its direction first. */
export function relationName(type: string, direction: 'out' | 'in'): string {
  const dir: keyof Texts = direction === 'out' ? 'dir.out' : 'dir.in';
  return `${s()[dir]} ${lookup(`rel.${type}`) ?? type}`;
}
