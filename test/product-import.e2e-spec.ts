import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { In } from 'typeorm';
import { AuditLog } from '../src/audit/audit-log.entity';
import type { County } from '../src/counties/county.entity';
import { PRODUCT_FIELD_LABELS } from '../src/products/dto/product-input.dto';
import { Product } from '../src/products/product.entity';
import { makeBuyerUnit, makeCounty, makeProduct, makeUser } from './support/factories';
import { browser, csrfFrom, signedIn, type Agent, binary } from './support/http';
import { fillRows, HEADINGS, productRow, sheetWith, templateWith, type SheetRow } from './support/testing-sheets';
import { hostileWorkbooks } from './support/testing-workbooks';
import { PARSE_QUEUE_LENGTH } from '../src/products/import/import-limits';
import { ImportParseQueue } from '../src/products/import/import-parse-queue';
import { blobStoreOf, backdateBlob, storedKeys } from './support/stored-blobs';
import { createTestApp, type TestApp } from './support/test-app';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('a county imports its products from Excel', () => {
  let t: TestApp;
  let county: County;
  let otherCounty: County;
  let clerk: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    county = await makeCounty(t.db, { name: '砀山县', code: '341321' });
    otherCounty = await makeCounty(t.db, { name: '萧县', code: '341322' });
    clerk = await signedIn(t.http, (await makeUser(t.db, 'county', { countyId: county.id })).username);
  });
  afterAll(() => t.close());

  /** Reads a binary response body (supertest leaves unknown types unread). */
  function download(agent: Agent, url: string): Promise<Response & { body: Buffer }> {
    return agent.get(url).buffer(true).parse(binary) as unknown as Promise<Response & { body: Buffer }>;
  }

  /** Uploads as the page's form does: multipart, CSRF token in the query string. */
  async function upload(agent: Agent, bytes: Buffer, name = '产品导入.xlsx', field = 'file'): Promise<Response> {
    const token = csrfFrom((await agent.get('/county/import')).text);
    return agent.post(`/county/import?_csrf=${encodeURIComponent(token)}`).attach(field, bytes, { filename: name, contentType: XLSX_TYPE });
  }

  const importIdOf = (preview: Response) => /name="importId" value="([0-9a-f]{32})"/.exec(preview.text)?.[1];

  async function confirm(agent: Agent, importId: string, page: Response): Promise<Response> {
    return agent
      .post('/county/import/confirm')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), importId });
  }

  /** Everything the database holds for the county, to prove a refused import wrote nothing. */
  async function snapshot() {
    return {
      products: await t.db.getRepository(Product).find({ where: { countyId: county.id }, order: { code: 'ASC' } }),
      otherProducts: await t.db.getRepository(Product).count({ where: { countyId: otherCounty.id } }),
      audit: await t.db.getRepository(AuditLog).countBy({ entityType: 'product' }),
    };
  }

  const storedImports = () => storedKeys(t, 'imports');

  const text = (html: string) => html.replace(/&#x3D;/g, '=').replace(/&quot;/g, '"');

  // The sheet the happy path fills, changes and imports again.
  const rows: SheetRow[] = Array.from({ length: 20 }, (_, i) => productRow(i + 1));
  let firstImport: Buffer;

  it('links the import page from the county’s product list', async () => {
    const page = await clerk.get('/county');
    expect(page.text).toContain('href="/county/import"');
    expect(page.text).toContain('Excel 批量导入');
    const importPage = await clerk.get('/county/import');
    expect(importPage.status).toBe(200);
    expect(importPage.text).toContain('href="/county/import/template.xlsx"');
    expect(importPage.text).toContain('accept=".xlsx"');
    expect(importPage.text).toMatch(/action="\/county\/import\?_csrf=[^"]+" enctype="multipart\/form-data"/);
  });

  it('downloads a template with Chinese headings, drop-downs and instructions', async () => {
    const res = await download(clerk, '/county/import/template.xlsx');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX_TYPE);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="product-import-template.xlsx"; filename*=UTF-8''${encodeURIComponent('产品导入模板.xlsx')}`,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['产品导入', '填写说明']);
    const sheet = workbook.getWorksheet('产品导入')!;
    const headings = (sheet.getRow(1).values as ExcelJS.CellValue[])
      .slice(1)
      .map((v) => (v as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join(''));
    expect(headings.map((h) => h.replace(/^\*/, ''))).toEqual(Object.values(PRODUCT_FIELD_LABELS));
    const validations = (sheet as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations.model;
    expect(validations.C2?.type).toBe('list');
    expect(validations.C2?.formulae[0]).toContain('蔬菜水果');
    expect(validations.E2?.type).toBe('list');
    expect(validations.E2?.formulae[0]).toContain('箱');

    // The clerk fills in 20 products and saves the file: this is what gets uploaded below.
    fillRows(workbook, rows);
    firstImport = Buffer.from(await workbook.xlsx.writeBuffer());
  });

  it('previews 20 valid rows, writes nothing until confirmed, then creates 20 products for review', async () => {
    const before = await snapshot();
    const preview = await upload(clerk, firstImport);
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('有效 20 行');
    expect(preview.text).toContain('新增 20 个，更新 0 个，未变 0 个');
    expect(preview.text).toContain('确认导入');
    expect(preview.text).toContain('产品导入.xlsx');
    expect(await snapshot()).toEqual(before);
    expect(await storedImports()).toHaveLength(1);

    const done = await confirm(clerk, importIdOf(preview)!, preview);
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/county');
    expect((await clerk.get('/county')).text).toContain('导入完成：新增 20 个，更新 0 个，未变 0 个');

    const products = await t.db.getRepository(Product).find({ where: { countyId: county.id }, order: { code: 'ASC' } });
    expect(products).toHaveLength(20);
    expect(products.every((p) => p.status === 'submitted')).toBe(true);
    expect(products[0]).toMatchObject({
      code: 'DS-001',
      name: '砀山酥梨1号',
      category: '蔬菜水果',
      unit: '箱',
      priceFen: 5800,
      capacity: 5000,
      minOrder: 10,
    });
    expect(products[0].supplierCreditCode).toBe(rows[0].supplierCreditCode);
    expect(await t.db.getRepository(AuditLog).countBy({ action: 'product.import' })).toBe(20);
    expect(await t.db.getRepository(Product).count({ where: { countyId: otherCounty.id } })).toBe(0);
    expect(await storedImports()).toEqual([]);
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await snapshot();
    const preview = await upload(clerk, firstImport);
    expect(preview.text).toContain('新增 0 个，更新 0 个，未变 20 个');
    const done = await confirm(clerk, importIdOf(preview)!, preview);
    expect(done.status).toBe(303);
    expect((await clerk.get('/county')).text).toContain('导入完成：新增 0 个，更新 0 个，未变 20 个');
    expect(await snapshot()).toEqual(before);
  });

  it('updates changed rows in place and adds new ones', async () => {
    const before = await t.db.getRepository(Product).find({ where: { countyId: county.id }, order: { code: 'ASC' } });
    const changed = rows.map((r) => ({ ...r }));
    changed[2].price = 60.5;
    changed[4].name = '砀山酥梨（特级）';
    changed.push(productRow(21));
    const preview = await upload(clerk, await templateWith(changed));
    expect(preview.text).toContain('新增 1 个，更新 2 个，未变 18 个');
    expect((await confirm(clerk, importIdOf(preview)!, preview)).status).toBe(303);

    const after = await t.db.getRepository(Product).find({ where: { countyId: county.id }, order: { code: 'ASC' } });
    expect(after).toHaveLength(21);
    expect(after.slice(0, 20).map((p) => p.id)).toEqual(before.map((p) => p.id));
    expect(after[2].priceFen).toBe(6050);
    expect(after[4].name).toBe('砀山酥梨（特级）');
    expect(after[3]).toEqual(before[3]);
    expect(await t.db.getRepository(AuditLog).countBy({ action: 'product.import' })).toBe(23);
  });

  it('sends a published product’s new price to review instead of changing it', async () => {
    const published = await makeProduct(t.db, county, { code: 'PUB-1', priceFen: 5000 });
    const preview = await upload(
      clerk,
      await templateWith([
        productRow(1, {
          code: 'PUB-1',
          name: published.name,
          category: published.category,
          spec: published.spec,
          unit: published.unit,
          price: 55,
          capacity: published.capacity,
          minOrder: published.minOrder,
          supplierName: published.supplierName,
          supplierCreditCode: published.supplierCreditCode,
          origin: published.origin,
          povertyHouseholds: null,
          description: null,
        }),
      ]),
    );
    expect(preview.text).toContain('新增 0 个，更新 1 个，未变 0 个');
    await confirm(clerk, importIdOf(preview)!, preview);
    const after = await t.db.getRepository(Product).findOneByOrFail({ id: published.id });
    expect(after.status).toBe('published');
    expect(after.priceFen).toBe(5000);
    expect(after.pendingChanges).toEqual({ priceFen: 5500 });
  });

  it('lists every bad cell with its row and column, offers no confirmation and writes nothing', async () => {
    const before = await snapshot();
    const broken = [
      productRow(101, { price: 'abc' }),
      productRow(102, { category: '水果' }),
      productRow(103, { capacity: 10, minOrder: 50 }),
      productRow(104, { supplierCreditCode: '91341302MA0000000X' }),
      productRow(105, { code: 'DUP-1' }),
      productRow(106, { code: 'DUP-1' }),
      productRow(107, { name: null }),
      productRow(108),
    ];
    const preview = await upload(clerk, await templateWith(broken));
    expect(preview.status).toBe(422);
    const html = text(preview.text);
    expect(html).toContain('有效 1 行');
    expect(html).toContain('有问题 7 行');
    expect(html).toContain(
      '第 2 行 F 列（参考单价（元））：参考单价应为大于 0 的金额（元），最多两位小数，如 58 或 12.50（填写的内容：“abc”）',
    );
    expect(html).toContain('第 3 行 C 列（产品类别）：产品类别应为以下之一：');
    expect(html).toContain('（填写的内容：“水果”）');
    expect(html).toContain('第 4 行 H 列（起订量）：起订量不能大于可供量');
    expect(html).toContain('第 5 行 J 列（供货主体统一社会信用代码）：统一社会信用代码校验位不正确');
    expect(html).toContain('第 6 行 A 列（产品编号）：产品编号“DUP-1”在表中出现了 2 次（第 6、7 行）');
    expect(html).toContain('第 7 行 A 列（产品编号）：产品编号“DUP-1”在表中出现了 2 次（第 6、7 行）');
    expect(html).toContain('第 8 行 B 列（产品名称）：请填写产品名称');
    expect(html).toContain('本次没有写入任何数据');
    expect(html).not.toContain('确认导入');
    expect(importIdOf(preview)).toBeUndefined();
    expect(await snapshot()).toEqual(before);
    expect(await storedImports()).toEqual([]);
  });

  it('lists the rows with problems first, each message whole in a cell of its own, then the good rows, with both counts', async () => {
    const before = await snapshot();
    const sheet = [productRow(201), productRow(202, { name: null }), productRow(203), productRow(204, { price: 'abc' }), productRow(205)];
    const preview = await upload(clerk, await templateWith(sheet));
    expect(preview.status).toBe(422);
    const html = text(preview.text);
    expect(html).toContain('共 5 行产品：<strong>有效 3 行</strong>，<strong class="warn">有问题 2 行</strong>');
    // Sheet rows 3 and 5 (the bad ones, in sheet order), then 2, 4 and 6.
    const order = [...html.matchAll(/<td class="nowrap">第 (\d+) 行<\/td>/g)].map((m) => Number(m[1]));
    expect(order).toEqual([3, 5, 2, 4, 6]);
    // Each message whole, in the 问题 cell that a phone shows as a card line of its own.
    expect(html).toMatch(
      /<td data-label="问题" class="import-problems">\s*<p class="field-error">第 3 行 B 列（产品名称）：请填写产品名称<\/p>/,
    );
    expect(html).toContain(
      '第 5 行 F 列（参考单价（元））：参考单价应为大于 0 的金额（元），最多两位小数，如 58 或 12.50（填写的内容：“abc”）',
    );
    expect(html).toContain('<td data-label="问题" class="import-problems"></td>'); // a good row: nothing to show
    expect(await snapshot()).toEqual(before);
  });

  it('escapes what the sheet holds when showing it', async () => {
    const preview = await upload(clerk, await templateWith([productRow(1, { category: '<script>alert(1)</script>' })]));
    expect(preview.status).toBe(422);
    expect(preview.text).not.toContain('<script>alert(1)</script>');
    expect(preview.text).toContain('&lt;script&gt;');
  });

  const tooManyRows = () =>
    sheetWith(
      HEADINGS,
      Array.from({ length: 2001 }, (_, i) => [`P-${i}`, '产品']),
    );
  const corruptZip = async () => (await templateWith([productRow(1)])).subarray(0, 3000);

  it.each<[string, () => Promise<Buffer>, number, string]>([
    [
      'a text file renamed .xlsx',
      async () => Buffer.from('产品编号,产品名称\nDS-001,砀山酥梨\n'),
      422,
      '请上传 .xlsx 格式的 Excel 文件（可在 Excel/WPS 中“另存为 .xlsx”）',
    ],
    [
      'an old .xls file',
      async () => Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(4096)]),
      422,
      '请上传 .xlsx 格式的 Excel 文件',
    ],
    ['a corrupt zip', corruptZip, 422, '文件已损坏，无法读取'],
    ['a zip bomb', async () => hostileWorkbooks.zipBomb(), 422, '文件解压后的内容超过 50 MB'],
    ['a file over 5 MB', async () => Buffer.alloc(5 * 1024 * 1024 + 1, 0x41), 413, '上传的文件太大'],
    [
      'a sheet with extra and missing columns',
      () => sheetWith([...HEADINGS.filter((h) => h !== '计量单位'), '备注'], [['DS-001']]),
      422,
      '缺少 “计量单位” 列；多出 “备注”（N 列）',
    ],
    [
      'a formula without a cached value',
      () => templateWith([productRow(1, { price: { formula: 'B2*2' } as ExcelJS.CellFormulaValue })]),
      422,
      '第 2 行 F 列（参考单价（元））：单元格含公式且没有计算结果，请粘贴为数值',
    ],
    ['more than 2000 rows', tooManyRows, 422, '表格中有 2,001 行数据，每次最多导入 2,000 行'],
    ['an empty sheet', () => templateWith([]), 422, '工作表中没有产品'],
  ])('refuses %s with a Chinese message and writes nothing', async (_what, file, status, message) => {
    const before = await snapshot();
    const res = await upload(clerk, await file());
    expect(res.status).toBe(status);
    expect(text(res.text)).toContain(message);
    expect(res.text).not.toContain('确认导入');
    expect(await snapshot()).toEqual(before);
    expect(await storedImports()).toEqual([]);
  });

  it('shows a refused file on the upload page, ready for another try', async () => {
    const res = await upload(clerk, Buffer.from('not excel'));
    expect(res.status).toBe(422);
    expect(res.text).toContain('上传并预览');
    expect(res.text).toContain('文件不超过 5 MB');
  });

  it('asks for a file when none was chosen, and explains a file sent under another field', async () => {
    const token = csrfFrom((await clerk.get('/county/import')).text);
    const none = await clerk.post(`/county/import?_csrf=${encodeURIComponent(token)}`).field('note', 'x');
    expect(none.status).toBe(422);
    expect(text(none.text)).toContain('请选择要上传的 Excel 文件（.xlsx）');
    const wrongField = await upload(clerk, await templateWith([productRow(1)]), '产品.xlsx', 'upload');
    expect(wrongField.status).toBe(400);
    expect(text(wrongField.text)).toContain('文件没有通过本页的文件选择框提交');
  });

  it('confirms only the latest upload of the same session', async () => {
    const before = await snapshot();
    const first = await upload(clerk, await templateWith([productRow(201)]));
    const second = await upload(clerk, await templateWith([productRow(202)]));
    expect(await storedImports()).toHaveLength(1);
    const stale = await confirm(clerk, importIdOf(first)!, second);
    expect(stale.status).toBe(422);
    expect(text(stale.text)).toContain('这次导入已失效');
    expect(await snapshot()).toEqual(before);
    expect((await confirm(clerk, importIdOf(second)!, second)).status).toBe(303);
    expect(await t.db.getRepository(Product).countBy({ countyId: county.id, code: 'DS-202' })).toBe(1);
    expect(await t.db.getRepository(Product).countBy({ countyId: county.id, code: 'DS-201' })).toBe(0);
  });

  it('refuses to confirm an import of another session, even of the same county', async () => {
    const preview = await upload(clerk, await templateWith([productRow(301)]));
    const importId = importIdOf(preview)!;
    const before = await snapshot();

    const sameCounty = await signedIn(t.http, (await makeUser(t.db, 'county', { countyId: county.id })).username);
    const neighbour = await signedIn(t.http, (await makeUser(t.db, 'county', { countyId: otherCounty.id })).username);
    for (const agent of [sameCounty, neighbour]) {
      const page = await agent.get('/county/import');
      const res = await confirm(agent, importId, page);
      expect(res.status).toBe(422);
      expect(text(res.text)).toContain('这次导入已失效');
    }
    expect(await snapshot()).toEqual(before);

    // The clerk's own confirmation still works: the others did not use up the file.
    expect((await confirm(clerk, importId, preview)).status).toBe(303);
    expect(await t.db.getRepository(Product).countBy({ countyId: county.id, code: 'DS-301' })).toBe(1);
    expect(await t.db.getRepository(Product).countBy({ countyId: otherCounty.id })).toBe(0);
  });

  it('confirms from the rows the preview validated, without reading the file again', async () => {
    const preview = await upload(clerk, await templateWith([productRow(601), productRow(602)]));
    const importId = importIdOf(preview)!;
    // What waits is the validated rows, not the upload.
    const waiting = JSON.parse((await blobStoreOf(t).get('imports', `${importId}.json`))!.toString('utf8'));
    expect(waiting.rows.map((r: { code: string; priceFen: number }) => [r.code, r.priceFen])).toEqual([
      ['DS-601', 5800],
      ['DS-602', 5800],
    ]);

    // Every parse slot taken: a confirmation that parsed again would be told to retry.
    const queue = t.app.get(ImportParseQueue);
    let release!: () => void;
    const hold = new Promise<void>((resolve) => (release = resolve));
    const held = Array.from({ length: PARSE_QUEUE_LENGTH + 1 }, () => queue.exclusive(() => hold));
    try {
      expect((await confirm(clerk, importId, preview)).status).toBe(303);
    } finally {
      release();
      await Promise.all(held);
    }
    expect(await t.db.getRepository(Product).countBy({ countyId: county.id, code: In(['DS-601', 'DS-602']) })).toBe(2);
    expect(await storedImports()).toEqual([]);
  });

  it('treats a waiting import it cannot read (written by another version) as expired, and writes nothing', async () => {
    const preview = await upload(clerk, await templateWith([productRow(701)]));
    const importId = importIdOf(preview)!;
    await blobStoreOf(t).put('imports', `${importId}.json`, Buffer.from('{"format":0,"rows":[]}'));
    const before = await snapshot();
    const res = await confirm(clerk, importId, preview);
    expect(res.status).toBe(422);
    expect(text(res.text)).toContain('已超过 24 小时失效。请重新上传文件');
    expect(await snapshot()).toEqual(before);
    expect(await storedImports()).toEqual([]);
  });

  it('does not import the same upload twice when confirm is sent again', async () => {
    const preview = await upload(clerk, await templateWith([productRow(401)]));
    expect((await confirm(clerk, importIdOf(preview)!, preview)).status).toBe(303);
    const before = await snapshot();
    const again = await confirm(clerk, importIdOf(preview)!, preview);
    expect(again.status).toBe(422);
    expect(await snapshot()).toEqual(before);
  });

  it('deletes uploads that waited more than a day when a new one arrives', async () => {
    const preview = await upload(clerk, await templateWith([productRow(501)]));
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
    await backdateBlob(t, 'imports', `${importIdOf(preview)}.json`, twoDaysAgo);
    const orphan = `${'a'.repeat(32)}.xlsx`; // an upload kept by an earlier version
    await blobStoreOf(t).put('imports', orphan, Buffer.from('x'));
    await backdateBlob(t, 'imports', orphan, twoDaysAgo);
    const next = await upload(clerk, await templateWith([productRow(502)]));
    expect(await storedImports()).toEqual([`${importIdOf(next)}.json`]);
  });

  it('is for county operators only', async () => {
    const unit = await makeBuyerUnit(t.db);
    const buyer = await signedIn(t.http, (await makeUser(t.db, 'buyer', { buyerUnitId: unit.id })).username);
    expect((await buyer.get('/county/import')).status).toBe(403);
    expect((await buyer.get('/county/import/template.xlsx')).status).toBe(403);
    const token = csrfFrom((await buyer.get('/')).text);
    const post = await buyer
      .post(`/county/import?_csrf=${encodeURIComponent(token)}`)
      .attach('file', await templateWith([productRow(1)]), '产品.xlsx');
    expect(post.status).toBe(403);
    const organiser = await signedIn(t.http, (await makeUser(t.db, 'organiser')).username);
    expect((await organiser.get('/county/import')).status).toBe(403);

    const visitor = browser(t.http);
    const page = await visitor.get('/county/import');
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe('/login?next=%2Fcounty%2Fimport');
    expect((await visitor.get('/county/import/template.xlsx')).status).toBe(303);
    const anonymousPost = await visitor.post('/county/import').attach('file', await templateWith([productRow(1)]), '产品.xlsx');
    expect([401, 403]).toContain(anonymousPost.status);
    expect(await t.db.getRepository(Product).countBy({ code: 'DS-001', countyId: otherCounty.id })).toBe(0);
  });
});
