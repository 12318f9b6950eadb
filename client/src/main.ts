/** Entry of the browser client: shows whether the server and its database are ready. */
async function showStatus(root: HTMLElement): Promise<void> {
  const h = document.createElement('h1');
  h.textContent = '定岗定责 组织图谱';
  const p = document.createElement('p');
  p.dataset.testid = 'ready-status';
  root.append(h, p);
  try {
    const r = await fetch('/readyz');
    const body = (await r.json()) as { documents?: number };
    p.textContent = r.ok ? `已导入 ${body.documents} 份文件` : '数据库尚无数据';
  } catch {
    p.textContent = '无法连接服务器';
  }
}

const root = document.getElementById('app');
if (root) void showStatus(root);
