import ExcelJS from 'exceljs';
import type { County } from '../src/counties/county.entity';
import { Fair } from '../src/fairs/fair.entity';
import { IntentLine } from '../src/intents/intent-line.entity';
import { FairTotalsService } from '../src/intents/fair-totals.service';
import { SummaryFile } from '../src/summaries/summary-file.entity';
import { yuanCellToFen } from '../src/exports/cells';
import { formatFen } from '../src/common/money';
import { dbSnapshot, snapshotDiff } from './support/db-snapshot';
import { currentFairId, makeBuyerUnit, makeCounty, makeIntent, makeProduct, makeUser, refreshAggregates } from './support/factories';
import { csrfFrom, signedIn, submitForm, type Agent } from './support/http';
import { binary, docx, HTML, JPEG, PDF, PNG, readZip, zipOf } from './support/summary-files';
import { blobStoreOf } from './support/stored-blobs';
import { createTestApp, type TestApp } from './support/test-app';

describe('counties’ summaries (总结材料)', () => {
  let t: TestApp;
  let countyX: County;
  let countyY: County;
  let x: Agent;
  let y: Agent;
  let organiser: Agent;
  let fairId: number;

  beforeAll(async () => {
    t = await createTestApp();
    countyX = await makeCounty(t.db, { code: '341321', name: '砀山县' });
    countyY = await makeCounty(t.db, { code: '341322', name: '萧县' });
    await makeCounty(t.db, { code: '341323', name: '灵璧县' });
    x = await signedIn(t.http, (await makeUser(t.db, 'county', { countyId: countyX.id })).username);
    y = await signedIn(t.http, (await makeUser(t.db, 'county', { countyId: countyY.id })).username);
    organiser = await signedIn(t.http, (await makeUser(t.db, 'organiser')).username);
    fairId = await currentFairId(t.db);
  });
  afterAll(() => t?.close());

  const setDueDate = (dueDate: string) =>
    submitForm(organiser, '/admin/summaries', '/admin/summaries/due-date', { fair: String(fairId), dueDate }).then((r) => {
      expect(r.status).toBe(303);
    });

  /** Uploads `files` as the county's `kind` through the page's form (token in the URL). */
  async function upload(agent: Agent, files: [Buffer, string][], kind = 'document') {
    const token = csrfFrom((await agent.get('/county/summary')).text);
    let req = agent.post(`/county/summary/files?_csrf=${encodeURIComponent(token)}`).field('kind', kind);
    for (const [bytes, name] of files) req = req.attach('files', bytes, name);
    return req;
  }

  const filesOf = (countyId: number) => t.db.getRepository(SummaryFile).find({ where: { countyId }, order: { id: 'ASC' } });
  const stored = async (f: SummaryFile) => (await blobStoreOf(t).get('summaries', f.storageKey))!;

  /** Runs `send`, expects `status` and `message`, and that nothing in the database or DATA_DIR changed. */
  async function refused(send: () => Promise<{ status: number; text: string }>, status: number, message: string) {
    const before = await dbSnapshot(t.db, t.config.dataDir);
    const res = await send();
    expect({ status: res.status, hasMessage: res.text.includes(message) }).toEqual({ status, hasMessage: true });
    expect(snapshotDiff(before, await dbSnapshot(t.db, t.config.dataDir))).toEqual([]);
  }

  describe('before the due date', () => {
    beforeAll(() => setDueDate('2099-12-31'));

    it('takes a PDF, a DOCX, a JPEG and a PNG as the summary and a photo, keeping their bytes and names', async () => {
      const word = await docx();
      const res = await upload(x, [
        [PDF, '砀山县总结.pdf'],
        [word, '砀山县总结（盖章）.docx'],
        [JPEG, '盖章页.jpg'],
        [PNG, '签到表.png'],
      ]);
      expect(res.status).toBe(303);
      expect((await upload(x, [[JPEG, '展位现场.jpeg']], 'photo')).status).toBe(303);
      const files = await filesOf(countyX.id);
      expect(files.map((f) => [f.kind, f.fileName, f.fileType, f.size])).toEqual([
        ['document', '砀山县总结.pdf', 'pdf', PDF.length],
        ['document', '砀山县总结（盖章）.docx', 'docx', word.length],
        ['document', '盖章页.jpg', 'jpeg', JPEG.length],
        ['document', '签到表.png', 'png', PNG.length],
        ['photo', '展位现场.jpeg', 'jpeg', JPEG.length],
      ]);
      expect((await stored(files[1])).equals(word)).toBe(true);
      const page = await x.get('/county/summary');
      expect(page.text).toContain('已提交');
      expect(page.text).toContain('砀山县总结（盖章）.docx');
    });

    it('lets the county and the organiser download a file under its name, and nobody else', async () => {
      const [pdf] = await filesOf(countyX.id);
      for (const [agent, url] of [
        [x, `/county/summary/files/${pdf.id}`],
        [organiser, `/admin/summaries/files/${pdf.id}`],
      ] as const) {
        const res = await agent.get(url).buffer(true).parse(binary);
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('application/pdf');
        expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('砀山县总结.pdf')}`);
        expect((res.body as Buffer).equals(PDF)).toBe(true);
      }
      const other = await y.get(`/county/summary/files/${pdf.id}`);
      expect(other.status).toBe(404);
      expect(other.text).toContain('该文件不存在');
    });

    it('shows a file name as text, never as markup', async () => {
      expect((await upload(y, [[PDF, '<b>萧县总结.pdf']])).status).toBe(303);
      const board = await organiser.get('/admin/summaries');
      expect(board.text).toContain('&lt;b&gt;萧县总结.pdf');
      expect(board.text).not.toContain('<b>萧县');
      const [f] = await filesOf(countyY.id);
      await submitForm(y, '/county/summary', `/county/summary/files/${f.id}/delete`, { confirmed: '1' });
      expect(await filesOf(countyY.id)).toEqual([]);
    });

    it('refuses a PNG named .pdf, HTML named .docx and a zip without word/document.xml named .docx', async () => {
      await refused(() => upload(x, [[PNG, '总结.pdf']]), 422, '文件“总结.pdf”不是 PDF 文件');
      await refused(() => upload(x, [[HTML, '总结.docx']]), 422, '文件“总结.docx”不是 DOCX 文件');
      const notWord = await zipOf({ 'xl/workbook.xml': '<workbook/>', 'readme.txt': '不是 Word' });
      await refused(() => upload(x, [[notWord, '伪装.docx']]), 422, '文件“伪装.docx”不是 DOCX 文件');
      // One bad file refuses the whole upload: the good one beside it is not kept either.
      await refused(
        () =>
          upload(x, [
            [PDF, '好的.pdf'],
            [PNG, '坏的.docx'],
          ]),
        422,
        '文件“坏的.docx”不是 DOCX 文件',
      );
      await refused(() => upload(x, [[PDF, '总结.pdf']], 'photo'), 422, '活动照片只能是 JPEG、PNG 文件');
      await refused(() => upload(x, [[PDF, '总结.txt']]), 422, '“总结.txt”不是');
    });

    it('refuses a file over 20 MB and an upload past the county’s 100 MB', async () => {
      const big = Buffer.concat([PDF, Buffer.alloc(20 * 1024 * 1024)]);
      await refused(() => upload(x, [[big, '太大.pdf']]), 413, '单个文件不能超过 20 MB');
      // County X already holds 99.9 MB (a row written directly: the check reads the sizes).
      const used = await t.db.getRepository(SummaryFile).save({
        fairId,
        countyId: countyX.id,
        kind: 'photo' as const,
        fileName: '大量照片.png',
        fileType: 'png' as const,
        size: 100 * 1024 * 1024 - 100_000,
        storageKey: `${'a'.repeat(32)}.png`,
      });
      await refused(() => upload(x, [[Buffer.concat([PDF, Buffer.alloc(200_000)]), '补充.pdf']]), 422, '文件合计不能超过 100 MB');
      await t.db.getRepository(SummaryFile).delete({ id: used.id });
    });

    it('refuses another county’s file: no download, replacement or deletion', async () => {
      const [pdf] = await filesOf(countyX.id);
      const token = csrfFrom((await y.get('/county/summary')).text);
      await refused(
        () => y.post(`/county/summary/files/${pdf.id}/replace?_csrf=${encodeURIComponent(token)}`).attach('files', PDF, '替换.pdf'),
        404,
        '该文件不存在',
      );
      await refused(
        () => submitForm(y, '/county/summary', `/county/summary/files/${pdf.id}/delete`, { confirmed: '1' }),
        404,
        '该文件不存在',
      );
      await refused(() => y.get(`/admin/summaries/files/${pdf.id}`), 403, '没有权限');
    });

    it('replaces a file with a new one of the same kind and deletes one', async () => {
      const [pdf, , , png] = await filesOf(countyX.id);
      const token = csrfFrom((await x.get('/county/summary')).text);
      const res = await x
        .post(`/county/summary/files/${png.id}/replace?_csrf=${encodeURIComponent(token)}`)
        .attach('files', PDF, '签到表.pdf');
      expect(res.status).toBe(303);
      const replaced = await t.db.getRepository(SummaryFile).findOneByOrFail({ id: png.id });
      expect([replaced.fileName, replaced.fileType, (await stored(replaced)).equals(PDF)]).toEqual(['签到表.pdf', 'pdf', true]);
      expect(await blobStoreOf(t).get('summaries', png.storageKey)).toBeNull();
      expect(pdf.id).toBeLessThan(png.id);
    });
  });

  describe('after the due date and for an archived fair', () => {
    beforeAll(() => setDueDate('2020-10-20'));

    it('refuses replacing and deleting after the due date, naming it', async () => {
      const [pdf] = await filesOf(countyX.id);
      const token = csrfFrom((await x.get('/county/summary')).text);
      await refused(
        () => x.post(`/county/summary/files/${pdf.id}/replace?_csrf=${encodeURIComponent(token)}`).attach('files', PDF, '新版.pdf'),
        409,
        '总结材料已于2020年10月20日截止提交',
      );
      await refused(
        () => submitForm(x, '/county/summary', `/county/summary/files/${pdf.id}/delete`, { confirmed: '1' }),
        409,
        '2020年10月20日',
      );
    });

    it('shows 已提交, 逾期提交 and 未提交 on the board with the submission times', async () => {
      // County X's files came in on 19 October; county Y sends its summary now, after the due date.
      await t.db.getRepository(SummaryFile).update({ countyId: countyX.id }, { createdAt: new Date('2020-10-19T02:00:00Z') });
      expect((await upload(y, [[PDF, '萧县总结.pdf']])).status).toBe(303);
      const board = await organiser.get('/admin/summaries');
      const row = (name: string) =>
        board.text.slice(board.text.indexOf(`<td data-label="县区" class="nowrap">${name}</td>`)).split('</tr>')[0];
      expect(row('砀山县')).toContain('已提交');
      expect(row('砀山县')).toContain('2020年10月19日 10:00');
      expect(row('萧县')).toContain('逾期提交');
      expect(row('萧县')).toContain('萧县总结.pdf');
      expect(row('灵璧县')).toContain('未提交');
    });

    it('zips every file as 县区/文件名 with UTF-8 names', async () => {
      const res = await organiser.get(`/admin/summaries/summaries.zip?fair=${fairId}`).buffer(true).parse(binary);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/zip');
      const entries = await readZip(res.body as Buffer);
      const files = await t.db
        .getRepository(SummaryFile)
        .find({ where: { fairId }, order: { countyId: 'ASC', kind: 'ASC', createdAt: 'ASC', id: 'ASC' } });
      expect(entries.map((e) => e.name).sort()).toEqual(
        files.map((f) => `${f.countyId === countyX.id ? '砀山县' : '萧县'}/${f.fileName}`).sort(),
      );
      expect(entries.every((e) => e.utf8Flag)).toBe(true);
      for (const f of files) {
        const entry = entries.find((e) => e.name.endsWith(`/${f.fileName}`))!;
        expect(entry.bytes.equals(await stored(f))).toBe(true);
      }
    });

    it('refuses every change to an archived fair’s summaries', async () => {
      await t.db.getRepository(Fair).update({ id: fairId }, { status: 'archived' });
      try {
        await refused(() => upload(y, [[PDF, '归档后.pdf']]), 409, '已归档');
        await refused(
          () => submitForm(organiser, '/admin/summaries', '/admin/summaries/due-date', { fair: String(fairId), dueDate: '2020-10-30' }),
          409,
          '已归档',
        );
      } finally {
        await t.db.getRepository(Fair).update({ id: fairId }, { status: 'finished' });
      }
    });

    it('refuses a due date that is not a date', async () => {
      await refused(
        () => submitForm(organiser, '/admin/summaries', '/admin/summaries/due-date', { fair: String(fairId), dueDate: '2020-02-31' }),
        422,
        '截止日期格式应为 2020-10-20',
      );
    });
  });

  describe('the county’s figures for its summary', () => {
    it('equal FairTotalsService’s to the fen, on the page and in the workbook', async () => {
      const products = [];
      for (let i = 0; i < 12; i++) products.push(await makeProduct(t.db, countyX, { name: `砀山酥梨${i}`, priceFen: 1234 + i * 101 }));
      const other = await makeProduct(t.db, countyY, { name: '萧县葡萄' });
      const unitA = await makeBuyerUnit(t.db);
      const unitB = await makeBuyerUnit(t.db, { type: '医院' });
      const a = await makeIntent(
        t.db,
        unitA,
        products.slice(0, 7).map((p, i) => ({ product: p, quantity: 3 + i })),
      );
      await makeIntent(t.db, unitB, [
        ...products.slice(4).map((p, i) => ({ product: p, quantity: 11 * (i + 1) })),
        { product: other, quantity: 5 },
      ]);
      await t.db.getRepository(IntentLine).update({ intentId: a.id }, { signedQuantity: 2, deliveredQuantity: 1 });
      await refreshAggregates(t.db);

      const totals = t.app.get(FairTotalsService);
      const [county] = await totals.byCounty({ fairId, countyId: countyX.id });
      const best = (await totals.byProduct({ fairId, countyId: countyX.id })).sort((p, q) => q.intendedFen - p.intendedFen).slice(0, 10);
      expect(county.intendedFen).toBeGreaterThan(0);

      const page = await x.get('/county/summary/figures');
      expect(page.status).toBe(200);
      for (const fen of [county.intendedFen, county.signedFen, county.deliveredFen, ...best.map((p) => p.intendedFen)]) {
        expect(page.text).toContain(formatFen(fen));
      }
      expect(page.text).not.toContain('萧县葡萄');

      const res = await x.get('/county/summary/figures/export.xlsx').buffer(true).parse(binary);
      expect(res.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.body as Buffer);
      const ws = wb.worksheets[0];
      const byLabel = new Map<string, unknown>();
      ws.eachRow((row) => byLabel.set(String(row.getCell(1).value), row.getCell(2).value));
      expect({
        products: byLabel.get('参展产品数（个）'),
        units: byLabel.get('参与采购单位数（家）'),
        intents: byLabel.get('采购意向数（份）'),
        intended: yuanCellToFen(byLabel.get('意向金额（元）')),
        signed: yuanCellToFen(byLabel.get('签约金额（元）')),
        delivered: yuanCellToFen(byLabel.get('成交金额（元）')),
      }).toEqual({
        products: county.publishedProducts,
        units: county.buyerUnits,
        intents: county.intents,
        intended: county.intendedFen,
        signed: county.signedFen,
        delivered: county.deliveredFen,
      });
      const ranked: [string, number][] = [];
      ws.eachRow((row) => {
        if (typeof row.getCell(1).value === 'number') ranked.push([String(row.getCell(3).value), yuanCellToFen(row.getCell(7).value)]);
      });
      expect(ranked).toEqual(best.map((p) => [p.name, p.intendedFen]));
    });
  });
});
