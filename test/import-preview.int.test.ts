/**
 * The import preview (POST /api/documents/preview): a document parsed, counted and compared with the version of the
 * same name the document store holds, behind the admin token, writing nothing.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/app.ts';
import type { Db } from '../server/db/driver.ts';
import { seedFiles } from '../server/load/import.ts';
import { DocumentPreview } from '../server/model/api.ts';
import { AuditTrail } from '../server/store/audit.ts';
import { DocumentStore } from '../server/store/documents.ts';
import { listen } from './helpers/app.ts';
import { clearGraph, openTestDb } from './helpers/db.ts';

const ADMIN = 'admin-preview-4b1e9c2d7a60';
/** read once: the fixtures may be rendered again while the suite runs */
const DOCX = readFileSync('test/fixtures/renderings/001_235204e8eaa0ab65-a4.docx');
const SEED_000 = seedFiles().find((f) => f.includes('000_'))!;
const none = { total: 0, list: [] };

/** Seed 000 with a centre's post removed, an item added to the bureau's 财务岗, and 夏美英 renamed 夏美玲. */
function edited(text: string): string {
  const lines = text.split('\n');
  const post = lines.findIndex((l) => l.startsWith('2\t土地储备业务岗\t'));
  const item = lines.findIndex((l) => l.includes('\t三、固定资产管理、内部审计监督、政府采购\t'));
  expect([post, item].every((i) => i > 0)).toBe(true);
  lines.splice(post, 1);
  lines.splice(item + 1, 0, lines[item]!.replace('三、固定资产管理、内部审计监督、政府采购', '四、国有资产报告编制'));
  const out = lines.join('\n');
  expect(out.split('夏美英').length).toBe(2);
  return out.replaceAll('夏美英', '夏美玲');
}

describe('previewing a document before its import', () => {
  let db: Db;
  let store: DocumentStore;
  let audit: AuditTrail;
  let url: string;
  let close: () => Promise<void>;

  const send = (route: string, name: string, bytes: Buffer, token: string | null = ADMIN) =>
    fetch(`${url}${route}?name=${encodeURIComponent(name)}`, {
      method: 'POST',
      body: new Uint8Array(bytes),
      headers: { 'content-type': 'application/octet-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });
  /** A preview answered 200, checked against its schema. */
  const preview = async (name: string, bytes: Buffer): Promise<DocumentPreview> => {
    const res = await send('/api/documents/preview', name, bytes);
    const body: unknown = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(200);
    return DocumentPreview.parse(body);
  };
  /** What a preview must leave alone: the graph's documents and audit trail, the store, the audit log. */
  const written = async () => ({
    documents: (await db.run('MATCH (d:Document) RETURN count(d) AS n')).records[0]!.get('n') as number,
    imports: (await db.run('MATCH (i:Import) RETURN count(i) AS n')).records[0]!.get('n') as number,
    store: store.versions().length,
    audit: existsSync(audit.file) ? readFileSync(audit.file, 'utf8') : '',
  });

  beforeAll(async () => {
    db = await openTestDb();
    await clearGraph(db);
    const data = mkdtempSync(path.join(tmpdir(), 'bg-preview-'));
    store = new DocumentStore(path.join(data, 'documents'));
    audit = new AuditTrail(path.join(data, 'audit.jsonl'), db);
    ({ url, close } = await listen(buildApp({ db, logger: pino({ level: 'silent' }), clientDir: '/nonexistent', tokens: { admin: ADMIN }, store, audit })));
  });
  afterAll(async () => {
    await close?.();
    await db?.close();
  });

  it('counts a new Word document and says it has no previous version, writing nothing', async () => {
    const before = await written();
    const p = await preview('耕地保护.docx', DOCX);
    // seed 001: one section, 4 posts, 10 work items; its table has no 负责人 columns, so nobody is named
    expect(p).toMatchObject({
      name: '耕地保护.docx',
      format: 'docx',
      counts: { units: 1, posts: 4, workItems: 10, people: 0 },
      findings: none,
      inGraph: false,
      previous: null,
      changes: null,
    });
    expect(p.bytes).toBe(DOCX.length);
    expect(await written()).toEqual(before);
  });

  it('lists exactly what a changed version would change against the document imported', async () => {
    const v1 = readFileSync(SEED_000);
    const name = '山亭区自然资源局.txt';
    const imported = await send('/api/documents', name, v1);
    expect(imported.status).toBe(200);
    const before = await written();
    expect(before).toMatchObject({ documents: 1, store: 1 });

    // the same bytes again: identical, nothing would change
    const same = await preview(name, v1);
    expect(same).toMatchObject({ format: 'tab-table', inGraph: true, counts: { units: 4, posts: 28, workItems: 94, people: 59 } });
    expect(same.previous).toMatchObject({ identical: true, counts: same.counts, error: null });
    expect(Object.values(same.changes!).flatMap((group) => Object.values(group).map((list) => list.total))).toEqual(Array(10).fill(0));
    // the parser's findings, each with its line
    expect(same.findings.total).toBe(29);
    expect(same.findings.list[0]).toMatchObject({ kind: 'new-post-by-numbering', where: expect.stringMatching(/^第 \d+(–\d+)? 行$/), place: null });

    const p = await preview(name, Buffer.from(edited(v1.toString('utf8'))));
    expect(p.counts).toEqual({ units: 4, posts: 27, workItems: 94, people: 59 });
    expect(p.previous).toMatchObject({ identical: false, counts: { units: 4, posts: 28, workItems: 94, people: 59 }, error: null });
    const bureau = '山亭区自然资源局';
    expect(p.changes).toEqual({
      units: { added: none, removed: none },
      posts: {
        added: none,
        removed: { total: 1, list: [{ unit: '山亭区自然资源事业发展中心', post: '土地储备业务岗', items: 1 }] },
        changed: {
          total: 2,
          list: [
            { unit: bureau, post: '业务岗1: 财务岗', itemsAdded: 1, itemsRemoved: 0, itemsChanged: 0 },
            { unit: bureau, post: '业务岗2: 公文及日常政务岗', itemsAdded: 0, itemsRemoved: 0, itemsChanged: 1 },
          ],
        },
      },
      workItems: {
        added: { total: 1, list: [{ unit: bureau, post: '业务岗1: 财务岗', item: '国有资产报告编制' }] },
        removed: none,
        changed: { total: 1, list: [{ unit: bureau, post: '业务岗2: 公文及日常政务岗', item: '档案管理、文件保密、机要文件', fields: ['assistants'] }] },
      },
      people: { added: { total: 1, list: ['夏美玲'] }, removed: { total: 1, list: ['夏美英'] } },
    });
    expect(await written()).toEqual(before);
  });

  it('answers 400 naming the file for a document the parser refuses, and 401 without the admin token', async () => {
    const before = await written();
    const broken = await send('/api/documents/preview', '会议纪要.txt', Buffer.from('会议纪要\n今天讨论了工作安排。\n'));
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: { message: string } }).error.message).toMatch(/^会议纪要\.txt: no 定岗定责 table found/);
    const zip = await send('/api/documents/preview', '坏.docx', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64)]));
    expect(zip.status).toBe(400);
    expect(((await zip.json()) as { error: { message: string } }).error.message).toMatch(/^坏\.docx: /);
    const empty = await send('/api/documents/preview', 'empty.txt', Buffer.alloc(0));
    expect(empty.status).toBe(400);
    expect(await written()).toEqual(before);

    for (const token of [null, 'not-the-admin-token-0000']) {
      const res = await send('/api/documents/preview', '耕地保护.docx', DOCX, token);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
    }
    // a refused attempt is in the audit log, as a preview; nothing else was written
    const lineCount = (text: string) => text.split('\n').filter(Boolean).length;
    const lines = readFileSync(audit.file, 'utf8').split('\n').filter(Boolean).slice(lineCount(before.audit));
    expect(lines.map((l) => JSON.parse(l) as { action: string; outcome: string })).toMatchObject([
      { action: 'preview', outcome: 'refused' },
      { action: 'preview', outcome: 'refused' },
    ]);
    const after = await written();
    expect({ ...after, audit: null }).toEqual({ ...before, audit: null });
  });

  it('names the route in the OpenAPI document with its answer', async () => {
    const doc = (await (await fetch(`${url}/api/openapi.json`)).json()) as {
      paths: Record<string, { post?: { security: unknown; responses: Record<string, { content: Record<string, { schema: { $ref?: string } }> }> } }>;
    };
    const route = doc.paths['/api/documents/preview']?.post;
    expect(route?.security).toEqual([{ bearer: [] }]);
    expect(route?.responses['200']!.content['application/json']!.schema.$ref).toBe('#/components/schemas/DocumentPreview');
  });
});
