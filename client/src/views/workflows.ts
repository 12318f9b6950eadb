/**
 * 工作流程: a bureau's posts × workflows matrix, a chosen workflow's steps as a chain of boxes, and the posts that
 * share a workflow (the same code, the same steps, or nearly the same steps with their differences).
 */
import { api, enc, type GraphResponse, type OverviewResponse, type SharedGroup, type SharedResponse, type WorkflowMatrixResponse } from '../api.ts';
import { bureauSide, bureausOf, topBureau } from '../analyses/bureaus.ts';
import { prefetchCharts } from '../charts.ts';
import { chartBox, clip, drawChart, esc, pickButton, tableAlternative } from '../analyses/ui.ts';
import { postsFollowing, workflowGrid, workflowLabel } from '../analyses/workflows-data.ts';
import { h } from '../dom.ts';
import { chainElements, plainElements } from '../elements.ts';
import { groupsShownText, strings, t } from '../i18n.ts';
import { chainLayout } from '../style.ts';
import type { ViewContext } from './context.ts';

const s = strings(
  {
    title: '工作流程',
    matrix: (bureau: string) => `岗位 × 工作流程：${bureau}`,
    matrixLabel: (bureau: string, posts: number, workflows: number) => `${bureau}的岗位与工作流程矩阵：${posts} 个岗位，${workflows} 个工作流程`,
    summary: (posts: number, workflows: number) => `${posts} 个岗位，${workflows} 个工作流程；点击一列查看流程步骤`,
    none: '该单位没有登记工作流程',
    items: (n: number) => `${n} 项事项`,
    cell: (post: string, wf: string, n: number) => `${post} → ${wf}：${n} 项事项遵循此流程`,
    code: '编号',
    name: '名称',
    steps: '步骤',
    posts: '遵循的岗位',
    stepsCount: (n: number) => `${n} 步`,
    noSteps: '流程图未写出步骤（按编号引用）',
    followedBy: '遵循此流程的岗位',
    close: '关闭',
    groups: '共用流程的岗位',
    back: '返回矩阵',
    added: '多出',
    removed: '缺少',
    changed: '改写',
    differences: '差异',
    unit: '所在单位',
  },
  {
    title: 'Workflows',
    matrix: (bureau: string) => `Posts × workflows: ${bureau}`,
    matrixLabel: (bureau: string, posts: number, workflows: number) => `Matrix of ${bureau}'s posts and workflows: ${posts} posts, ${workflows} workflows`,
    summary: (posts: number, workflows: number) => `${posts} posts, ${workflows} workflows; click a column to see a workflow's steps`,
    none: 'No workflows are recorded in this bureau',
    items: (n: number) => `${n} ${n === 1 ? 'item' : 'items'}`,
    cell: (post: string, wf: string, n: number) => `${post} → ${wf}: ${n} ${n === 1 ? 'item follows' : 'items follow'} it`,
    code: 'Code',
    name: 'Name',
    steps: 'Steps',
    posts: 'Posts following it',
    stepsCount: (n: number) => `${n} ${n === 1 ? 'step' : 'steps'}`,
    noSteps: 'The chart does not write out its steps (referred to by its code)',
    followedBy: 'Posts following it',
    close: 'Close',
    groups: 'Posts sharing a workflow',
    back: 'Back to the matrix',
    added: 'extra',
    removed: 'missing',
    changed: 'reworded',
    differences: 'Differences',
    unit: 'Unit',
  },
);

/** how many workflow columns the matrix shows before its scroll bar */
const COLUMNS_SHOWN = 40;
const ROW = 24;

// ---- the side bar: posts sharing a workflow

function groupTitle(g: SharedGroup): string {
  return g.kind === 'code' ? `${t('wf.code')} ${g.key}` : `${t(g.kind === 'steps' ? 'wf.steps' : 'wf.nearly')}: ${g.key}`;
}

/** How each post of a nearly-same group differs from the first: steps it has more, fewer, or words differently. */
function differences(g: SharedGroup): HTMLElement | null {
  if (!g.differences.length) return null;
  const post = new Map(g.posts.map((p) => [p.id, p.post]));
  return h(
    'ul',
    { class: 'small', 'data-testid': 'wf-differences', 'aria-label': s().differences },
    ...g.differences.map((d) =>
      h(
        'li',
        {},
        h('b', {}, post.get(d.postId) ?? d.postId),
        ...d.added.map((x) => h('div', {}, `+ ${s().added}：${x}`)),
        ...d.removed.map((x) => h('div', {}, `− ${s().removed}：${x}`)),
        ...[...d.changed, ...d.reworded].map((x) => h('div', {}, `~ ${s().changed}：${x.from} → ${x.to}`)),
      ),
    ),
  );
}

function groupList(ctx: ViewContext, r: SharedResponse, bureau: string, chosen: number): HTMLElement {
  const mine = r.groups.map((g, i) => ({ g, i })).filter((x) => x.g.bureau === bureau);
  return h(
    'section',
    {},
    h('h2', {}, s().groups),
    r.total > r.groups.length ? h('p', { class: 'muted small', 'data-testid': 'wf-shown' }, groupsShownText(r.groups.length, r.total)) : null,
    h(
      'ol',
      { class: 'groups', 'data-testid': 'wf-groups' },
      ...mine.map(({ g, i }) =>
        h(
          'li',
          { class: i === chosen ? 'active' : '' },
          h(
            'a',
            { href: '#', onclick: (e: Event) => (e.preventDefault(), ctx.setParams({ g: String(i), wf: null })) },
            h('b', {}, groupTitle(g)),
            ` · ${g.posts.length} ${t('type.Post')}`,
          ),
          h('div', { class: 'muted small' }, `${g.bureau}: ${g.posts.map((p) => p.post).join('、')}`),
          i === chosen ? differences(g) : null,
        ),
      ),
    ),
  );
}

/** A shared group drawn on the canvas: written steps as a chain, a coded workflow with its posts and items. */
async function drawGroup(ctx: ViewContext, g: SharedGroup): Promise<void> {
  ctx.useBoard(false);
  ctx.tools.replaceChildren(h('button', { type: 'button', 'data-testid': 'back-to-matrix', onclick: () => ctx.setParams({ g: null }) }, s().back));
  const graph = await ctx.graph();
  if (g.kind !== 'code') {
    graph.show(chainElements(g.workflowId, g.posts.map((p) => p.post).join(' / '), g.steps), chainLayout);
    return;
  }
  const near = await api<GraphResponse>(`/api/graph?focus=${enc(g.workflowId)}&depth=2&types=WorkItem,Post,Workflow&limit=200`);
  graph.show(plainElements(near.elements), { name: 'breadthfirst', roots: [g.workflowId], directed: false, spacingFactor: 1.1, animate: false, fit: true });
  graph.highlight([g.workflowId]);
}

// ---- the board: the matrix and a workflow's steps

/** A workflow's steps as boxes joined by arrows, and the posts that follow it. */
function workflowDetail(ctx: ViewContext, m: WorkflowMatrixResponse, w: WorkflowMatrixResponse['workflows'][number]): HTMLElement {
  const following = postsFollowing(m, w.id);
  return h(
    'section',
    { class: 'analysis-section wf-detail', 'data-testid': 'wf-detail', 'data-workflow': w.id, tabindex: '-1' },
    h(
      'header',
      { class: 'row' },
      h('h3', {}, w.code ? `${w.code} ${w.title === w.code ? '' : w.title}`.trim() : w.title),
      h('button', { type: 'button', class: 'close', 'aria-label': s().close, onclick: () => ctx.setParams({ wf: null }) }, '×'),
    ),
    w.steps.length
      ? h(
          'ol',
          { class: 'wf-chain', 'data-testid': 'wf-chain', 'aria-label': s().steps },
          ...w.steps.map((step, i) =>
            h(
              'li',
              {},
              h('span', { class: 'step' }, h('b', {}, String(i + 1)), step),
              i < w.steps.length - 1 ? h('span', { class: 'arrow', 'aria-hidden': 'true' }, '→') : null,
            ),
          ),
        )
      : h('p', { class: 'muted', 'data-testid': 'wf-no-steps' }, s().noSteps),
    h('h4', {}, `${s().followedBy}（${following.length}）`),
    h('ul', { 'data-testid': 'wf-following' }, ...following.map((f) => h('li', {}, `${f.post.title} · ${f.post.unit} · ${s().items(f.items)}`))),
  );
}

async function drawMatrix(box: HTMLElement, grid: ReturnType<typeof workflowGrid>, pick: (id: string) => void): Promise<void> {
  const { posts, workflows, cells } = grid;
  const chart = await drawChart(box, {
    tooltip: {
      formatter: (p: { value: [number, number, number] }) => {
        const [x, y, n] = p.value;
        return esc(s().cell(posts[y]!.title, workflowLabel(workflows[x]!), n)) + (workflows[x]!.code ? `<br>${esc(workflows[x]!.title)}` : '');
      },
    },
    grid: { left: 8, right: 16, top: 8, bottom: workflows.length > COLUMNS_SHOWN ? 110 : 80, containLabel: true },
    xAxis: {
      type: 'category',
      data: workflows.map((w) => clip(workflowLabel(w), 10)),
      triggerEvent: true,
      axisLabel: { rotate: 60, interval: 0, fontSize: 11 },
      splitArea: { show: true },
    },
    yAxis: { type: 'category', inverse: true, data: posts.map((p) => clip(p.title, 14)), axisLabel: { interval: 0 }, splitArea: { show: true } },
    visualMap: { show: false, min: 0, max: Math.max(1, ...cells.map((c) => c[2])), inRange: { color: ['#a5d8ff', '#1864ab'] } },
    dataZoom:
      workflows.length > COLUMNS_SHOWN
        ? [{ type: 'slider', xAxisIndex: 0, startValue: 0, endValue: COLUMNS_SHOWN - 1, bottom: 4, height: 14, showDetail: false }]
        : [],
    series: [
      { type: 'heatmap', data: cells, label: { show: true, fontSize: 10, color: '#fff' }, emphasis: { itemStyle: { borderColor: '#212529', borderWidth: 1 } } },
    ],
  });
  chart.on('click', (e) => {
    const ev = e as { componentType?: string; value?: unknown; dataIndex?: number };
    const x = ev.componentType === 'xAxis' ? (ev as { dataIndex?: number }).dataIndex : cells[ev.dataIndex ?? -1]?.[0];
    const w = workflows[x ?? -1];
    if (w) pick(w.id);
  });
}

/** Posts × workflows for a bureau, a workflow's steps, and the groups of posts sharing a workflow. */
export async function workflowsView(ctx: ViewContext): Promise<void> {
  // the charting library loads while the view's data is fetched, not after
  prefetchCharts();
  const [overview, shared] = await Promise.all([api<OverviewResponse>('/api/overview'), api<SharedResponse>('/api/workflows/shared')]);
  const bureau = bureausOf(overview).find((b) => b.id === ctx.params.get('bureau')) ?? topBureau(overview);
  const chosenGroup = Number(ctx.params.get('g') ?? '-1');
  ctx.tools.replaceChildren();
  ctx.side.replaceChildren(
    await bureauSide(bureau?.id ?? null, (id) => ctx.setParams({ bureau: id, wf: null, g: null })),
    ...(bureau ? [groupList(ctx, shared, bureau.name, chosenGroup)] : []),
  );
  const group = shared.groups[chosenGroup];
  if (group) return drawGroup(ctx, group);
  ctx.useBoard(true);
  if (!bureau) {
    ctx.board.replaceChildren(h('div', { class: 'analysis' }, h('p', { class: 'muted' }, s().none)));
    return;
  }
  const m = await api<WorkflowMatrixResponse>(`/api/workflows/matrix?bureau=${enc(bureau.id)}`);
  const grid = workflowGrid(m);
  const pick = (id: string) => ctx.setParams({ wf: id });
  const chosen = m.workflows.find((w) => w.id === ctx.params.get('wf'));
  const box = chartBox(
    'wf-matrix',
    grid.posts.length * ROW + (grid.workflows.length > COLUMNS_SHOWN ? 200 : 170),
    s().matrixLabel(m.bureau.name, grid.posts.length, grid.workflows.length),
  );
  const following = (id: string) => new Set(m.cells.filter((c) => c.workflow === id && c.items > 0).map((c) => c.post));
  const table = tableAlternative(
    'wf-table',
    s().matrix(m.bureau.name),
    [s().code, s().name, s().steps, s().posts],
    grid.workflows.map((w) => {
      const posts = following(w.id);
      return [
        pickButton(workflowLabel(w), () => pick(w.id), { 'data-workflow': w.id }),
        w.title,
        w.steps.length ? s().stepsCount(w.steps.length) : '—',
        grid.posts
          .filter((p) => posts.has(p.id))
          .map((p) => p.title)
          .join('、'),
      ];
    }),
  );
  const detail = chosen ? workflowDetail(ctx, m, chosen) : null;
  ctx.board.replaceChildren(
    h(
      'div',
      { class: 'analysis workflows', 'data-testid': 'workflows' },
      h('h2', {}, s().title),
      detail,
      h(
        'section',
        { class: 'analysis-section' },
        h('h3', {}, s().matrix(m.bureau.name)),
        grid.workflows.length ? h('p', { class: 'muted small' }, s().summary(grid.posts.length, grid.workflows.length)) : h('p', { class: 'muted' }, s().none),
        grid.workflows.length ? box : null,
        grid.workflows.length ? table : null,
      ),
    ),
  );
  if (grid.workflows.length) await drawMatrix(box, grid, pick);
  if (detail) {
    detail.scrollIntoView({ block: 'nearest' });
    detail.focus({ preventScroll: true });
  }
}
