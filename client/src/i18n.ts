/** Simplified Chinese by default, English by the toggle; the choice is kept in the URL (?lang=en), so a shared link keeps it. */
const zh = {
  title: '定岗定责 组织图谱',
  'view.org': '组织结构',
  'view.workload': '人员负荷',
  'view.duplicates': '职责重复',
  'view.workflows': '工作流程',
  search: '搜索单位、岗位、人员、事项…',
  'search.none': '没有结果',
  status: (n: number, e: number) => `${n} 个节点，${e} 条边`,
  loading: '加载中…',
  empty: '没有可显示的数据',
  'error.db': '数据库暂时无法连接，正在重试…',
  'error.generic': '请求失败',
  'layout.tree': '层级布局',
  'layout.force': '力导向布局',
  'show.people': '显示人员',
  fit: '适应视图',
  'fit.selection': '聚焦所选',
  expand: '展开相邻',
  collapse: '收起',
  hide: '隐藏',
  'show.all': '显示全部',
  path: '两点路径',
  'path.pick': '按住 Shift 选择两个节点',
  'path.none': '两点之间没有路径',
  'export.png': '导出 PNG',
  'export.svg': '导出 SVG',
  'export.csv': '导出所选 CSV',
  details: '详情',
  source: '出处',
  lines: '行',
  neighbours: '相邻',
  close: '关闭',
  vacant: '空缺',
  unplaced: '未定汇报关系',
  'workload.title': '负荷指数排名',
  'workload.pick': '选择一个人查看其岗位、事项与单位',
  'dup.minScore': '最低相似度',
  'dup.pair': '单位组合',
  'dup.all': '全部',
  'dup.cross': '仅跨局',
  'dup.clusters': '重复职责群',
  'wf.groups': '共享流程的岗位',
  'wf.code': '流程编号',
  'wf.steps': '相同步骤',
  'wf.more': (shown: number, total: number) => `显示前 ${shown} 组，共 ${total} 组`,
  legend: '图例',
  'type.Unit': '单位',
  'type.Post': '岗位',
  'type.Person': '人员',
  'type.WorkItem': '工作事项',
  'type.Duty': '职责',
  'type.Workflow': '工作流程',
  'type.Step': '步骤',
  'type.Document': '文件',
  score: '指数',
  lang: 'English',
  upload: '导入文件',
  'upload.title': '导入定岗定责定流程表（需要管理令牌）',
  'outcome.created': '已导入',
  'outcome.replaced': '已替换',
  'outcome.unchanged': '未变化',
  'token.ask': '此操作需要管理令牌（ADMIN_TOKEN）：',
  'token.wrong': '令牌不正确，请重新输入：',
  'token.ask.read': '查看数据需要阅读令牌（READ_TOKEN）：',
  'token.shape': '令牌由英文字母、数字和符号组成，不含空格',
  cancel: '取消',
  original: '原始文件',
};

type Dict = typeof zh;

const en: Dict = {
  title: 'Post & Duty Organisation Graph',
  'view.org': 'Organisation',
  'view.workload': 'Workload',
  'view.duplicates': 'Duplicates',
  'view.workflows': 'Workflows',
  search: 'Search units, posts, people, items…',
  'search.none': 'No results',
  status: (n: number, e: number) => `${n} nodes, ${e} edges`,
  loading: 'Loading…',
  empty: 'Nothing to show',
  'error.db': 'The database is unreachable; retrying…',
  'error.generic': 'Request failed',
  'layout.tree': 'Hierarchical',
  'layout.force': 'Force-directed',
  'show.people': 'Show people',
  fit: 'Fit',
  'fit.selection': 'Fit selection',
  expand: 'Expand',
  collapse: 'Collapse',
  hide: 'Hide',
  'show.all': 'Show all',
  path: 'Path',
  'path.pick': 'Shift-click two nodes',
  'path.none': 'No path between them',
  'export.png': 'Export PNG',
  'export.svg': 'Export SVG',
  'export.csv': 'Selection as CSV',
  details: 'Details',
  source: 'Source',
  lines: 'lines',
  neighbours: 'Neighbours',
  close: 'Close',
  vacant: 'vacant',
  unplaced: 'no reporting line',
  'workload.title': 'Workload index',
  'workload.pick': 'Choose a person to see their posts, items and units',
  'dup.minScore': 'Minimum similarity',
  'dup.pair': 'Bureau pair',
  'dup.all': 'All',
  'dup.cross': 'Across bureaus only',
  'dup.clusters': 'Clusters',
  'wf.groups': 'Posts sharing a workflow',
  'wf.code': 'Workflow code',
  'wf.steps': 'Same steps',
  'wf.more': (shown: number, total: number) => `First ${shown} of ${total} groups`,
  legend: 'Legend',
  'type.Unit': 'Unit',
  'type.Post': 'Post',
  'type.Person': 'Person',
  'type.WorkItem': 'Work item',
  'type.Duty': 'Duty',
  'type.Workflow': 'Workflow',
  'type.Step': 'Step',
  'type.Document': 'Document',
  score: 'Score',
  lang: '中文',
  upload: 'Import documents',
  'upload.title': 'Import 定岗定责定流程表 documents (needs the admin token)',
  'outcome.created': 'imported',
  'outcome.replaced': 'replaced',
  'outcome.unchanged': 'unchanged',
  'token.ask': 'This needs the admin token (ADMIN_TOKEN):',
  'token.wrong': 'That token was not accepted; enter it again:',
  'token.ask.read': 'Reading needs the read token (READ_TOKEN):',
  'token.shape': 'Latin letters, digits and symbols, no spaces',
  cancel: 'Cancel',
  original: 'original',
};

export type Lang = 'zh' | 'en';
const dicts: Record<Lang, Dict> = { zh, en };
let current: Lang = 'zh';

/** Switches the language of every text the UI shows from now on. */
export function setLang(lang: Lang): void {
  current = lang;
}
/** The language in use. */
export function lang(): Lang {
  return current;
}

type Key = { [K in keyof Dict]: Dict[K] extends string ? K : never }[keyof Dict];
/** The text of `key` in the language in use. */
export function t(key: Key): string {
  return dicts[current][key];
}
/** The status line: how many nodes and edges are drawn. */
export function statusText(nodes: number, edges: number): string {
  return dicts[current].status(nodes, edges);
}
/** Says how many workflow groups are listed of how many there are. */
export function groupsShownText(shown: number, total: number): string {
  return dicts[current]['wf.more'](shown, total);
}
/** A node type (Post, WorkItem, …) in the language in use; the type itself when it has no name. */
export function typeName(type: string): string {
  return (dicts[current] as unknown as Record<string, string>)[`type.${type}`] ?? type;
}
