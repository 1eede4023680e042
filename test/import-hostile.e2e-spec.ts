import request, { type Response } from 'supertest';
import type { County } from '../src/counties/county.entity';
import { MERGED_CELL_MESSAGE } from '../src/products/import/import-cells';
import { PARSE_QUEUE_LENGTH } from '../src/products/import/import-limits';
import { ImportParseQueue, PARSE_BUSY_MESSAGE } from '../src/products/import/import-parse-queue';
import { MAX_PROBLEMS_LISTED } from '../src/products/import/import-parser';
import { handMadeWorkbook, hostileWorkbooks as hostile, productSheetRows } from './support/testing-workbooks';
import { TOO_MANY_STYLES_MESSAGE, TOO_MUCH_TEXT_MESSAGE } from '../src/products/import/xlsx-parts';
import { dbSnapshot, snapshotDiff } from './support/db-snapshot';
import { makeCounty, makeUser } from './support/factories';
import { csrfFrom, signedIn, type Agent } from './support/http';
import { storedKeys } from './support/stored-blobs';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * Issue 9: small files built to make exceljs expand millions of cells, columns, styles or
 * rich-text runs, and sheets hidden from the clerk. Each goes through the real upload route;
 * each must be read correctly or refused in Chinese, write nothing, and leave the app serving.
 */

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('hostile workbooks uploaded for import', () => {
  let t: TestApp;
  let county: County;

  beforeAll(async () => {
    t = await createTestApp();
    county = await makeCounty(t.db, { name: '砀山县', code: '341321' });
  });
  afterAll(() => t.close());

  /** A clerk of its own for each upload, so that no earlier preview of the same session is replaced. */
  async function newClerk(): Promise<Agent> {
    return signedIn(t.http, (await makeUser(t.db, 'county', { countyId: county.id })).username);
  }

  async function upload(agent: Agent, bytes: Buffer): Promise<Response> {
    const token = csrfFrom((await agent.get('/county/import')).text);
    return agent
      .post(`/county/import?_csrf=${encodeURIComponent(token)}`)
      .attach('file', bytes, { filename: '产品导入.xlsx', contentType: XLSX_TYPE });
  }

  const storedImports = () => storedKeys(t, 'imports');
  const text = (html: string) => html.replace(/&#x3D;/g, '=').replace(/&quot;/g, '"');

  /** The app still answers: liveness, and a page that reads the database. */
  async function expectServing(agent: Agent): Promise<void> {
    expect((await request(t.http).get('/health/live')).status).toBe(200);
    expect((await agent.get('/county/import')).status).toBe(200);
  }

  /** Uploads the file as a new clerk; checks the answer and that nothing at all was written. */
  async function refused(file: Buffer, status: number, message: string): Promise<Response> {
    const clerk = await newClerk();
    const before = await dbSnapshot(t.db, t.config.dataDir);
    const res = await upload(clerk, file);
    expect(res.status).toBe(status);
    expect(text(res.text)).toContain(message);
    expect(res.text).not.toContain('确认导入');
    expect(snapshotDiff(before, await dbSnapshot(t.db, t.config.dataDir))).toEqual([]);
    await expectServing(clerk);
    return res;
  }

  /** Uploads the file as a new clerk; a readable file gets its preview, still nothing in the database. */
  async function previewed(file: Buffer): Promise<string> {
    const clerk = await newClerk();
    const before = await dbSnapshot(t.db);
    const stored = (await storedImports()).length;
    const res = await upload(clerk, file);
    expect(res.status).toBe(200);
    expect(res.text).toContain('确认导入');
    expect(snapshotDiff(before, await dbSnapshot(t.db))).toEqual([]);
    expect(await storedImports()).toHaveLength(stored + 1); // the validated rows wait for the confirmation
    await expectServing(clerk);
    return text(res.text);
  }

  it.each([
    ['$A$100:$XFD$60000', '"'],
    ['A100:XFD60000', "'"],
    ['a100:xfd60000', '"'],
  ] as const)('reads a merge of %s (quoted with %s) as merged cells among the products, and refuses them', async (ref, quote) => {
    const res = await refused(hostile.mergeBomb(ref, quote), 422, `第 100 行 B 列（产品名称）：${MERGED_CELL_MESSAGE}`);
    expect(text(res.text)).toContain('有问题 1 行');
  });

  it('ignores a column definition reaching column 300,000,000 and previews the products', async () => {
    const html = await previewed(hostile.columnBomb(3));
    expect(html).toContain('有效 3 行');
    expect(html).toContain('DS-003');
  });

  it('refuses 700,000 cell formats', async () => {
    await refused(hostile.stylesBomb(), 422, TOO_MANY_STYLES_MESSAGE);
  });

  it('refuses a text of 2.9 million rich-text runs', async () => {
    await refused(hostile.richTextBomb(), 422, TOO_MUCH_TEXT_MESSAGE);
  });

  it('reads the visible template sheet, not the hidden sheet before it', async () => {
    const html = await previewed(hostile.hiddenFirstSheet('hidden'));
    expect(html).toContain('工作表“产品导入”');
    expect(html).toContain('有效 2 行');
    expect(html).not.toContain('DS-900'); // the hidden sheet's products
  });

  it('reads the first visible sheet behind a very hidden one when no sheet is named 产品导入', async () => {
    const html = await previewed(hostile.hiddenFirstSheet('veryHidden', 'Sheet2'));
    expect(html).toContain('工作表“Sheet2”');
    expect(html).not.toContain('DS-900');
  });

  it.each(['hidden', 'veryHidden'] as const)('refuses a %s template sheet, naming it', async (state) => {
    await refused(hostile.hiddenTemplateSheet(state), 422, '“产品导入”工作表被隐藏了，导入不读隐藏的工作表');
  });

  it('lists the first 1,000 problems of a sheet with every cell wrong, and says how many more there are', async () => {
    const rows = productSheetRows(2000).map((row, r) => (r === 0 ? row : row.map((_cell, c) => (c === 0 ? `P-${r}` : '错'))));
    const res = await refused(handMadeWorkbook({ sheets: [{ name: '产品导入', rows }] }), 422, '表格中有 2000 行存在问题');
    expect(res.text.match(/class="field-error"/g)).toHaveLength(MAX_PROBLEMS_LISTED);
    expect(text(res.text)).toMatch(/下表只列出前 1000 处问题，另有 \d+ 处未列出/);
    expect(res.text.match(/status-returned">有问题/g)).toHaveLength(2000);
  });

  it('reads one file at a time, lets two wait, and asks a further upload to retry in Chinese', async () => {
    const queue = t.app.get(ImportParseQueue);
    let release!: () => void;
    const held = queue.exclusive(() => new Promise<void>((resolve) => (release = resolve)));
    try {
      const clerks = await Promise.all(Array.from({ length: PARSE_QUEUE_LENGTH + 1 }, () => newClerk()));
      const waiting = clerks.slice(1).map((clerk, i) => upload(clerk, hostile.columnBomb(i + 1)));
      for (let i = 0; i < 500 && queue.queued < PARSE_QUEUE_LENGTH; i++) await new Promise((r) => setTimeout(r, 10));
      expect(queue.queued).toBe(PARSE_QUEUE_LENGTH);

      const before = await dbSnapshot(t.db, t.config.dataDir);
      const busy = await upload(clerks[0], hostile.columnBomb(1));
      expect(busy.status).toBe(429);
      expect(busy.headers['retry-after']).toBe('10');
      expect(text(busy.text)).toContain(PARSE_BUSY_MESSAGE);
      expect(snapshotDiff(before, await dbSnapshot(t.db, t.config.dataDir))).toEqual([]);
      await expectServing(clerks[0]);

      release();
      const answers = await Promise.all(waiting);
      expect(answers.map((r) => r.status)).toEqual(answers.map(() => 200));
      expect(text(answers[1].text)).toContain('有效 2 行');
    } finally {
      release();
      await held;
    }
  });
});
