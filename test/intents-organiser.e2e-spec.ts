import ExcelJS from 'exceljs';
import type { BuyerUnit } from '../src/buyers/buyer-unit.entity';
import type { County } from '../src/counties/county.entity';
import { Intent } from '../src/intents/intent.entity';
import type { Product } from '../src/products/product.entity';
import { Fair } from '../src/fairs/fair.entity';
import { makeBuyerUnit, makeCounty, makeIntent, makeProduct, makeUser } from './support/factories';
import { type Agent, binary, signedIn, submitForm } from './support/http';
import { createTestApp, type TestApp } from './support/test-app';

/** Collects a binary response body (supertest buffers only known binary types by default). */

describe('county demand and the organiser’s handling of intents', () => {
  let t: TestApp;
  let dangshan: County;
  let xiaoxian: County;
  let pear: Product;
  let syrup: Product;
  let grape: Product;
  let school: BuyerUnit;
  let hospital: BuyerUnit;
  let schoolIntent: Intent;
  let hospitalIntent: Intent;
  let asDangshan: Agent;
  let asOrganiser: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    dangshan = await makeCounty(t.db, { name: '砀山县' });
    xiaoxian = await makeCounty(t.db, { name: '萧县' });
    pear = await makeProduct(t.db, dangshan, { code: 'DS-001', name: '砀山酥梨', priceFen: 5800, capacity: 100 });
    syrup = await makeProduct(t.db, dangshan, { code: 'DS-002', name: '=HYPERLINK("http://x","梨膏")', priceFen: 3800, capacity: 500 });
    await makeProduct(t.db, dangshan, { code: 'DS-003', name: '梨汁', capacity: 50 });
    grape = await makeProduct(t.db, xiaoxian, { name: '萧县葡萄', priceFen: 1250 });
    school = await makeBuyerUnit(t.db, { name: '宿州市演示实验中学', type: '学校' });
    hospital = await makeBuyerUnit(t.db, { name: '宿州市演示人民医院', type: '医院' });
    schoolIntent = await makeIntent(t.db, school, [
      { product: pear, quantity: 80 },
      { product: syrup, quantity: 10 },
    ]);
    hospitalIntent = await makeIntent(t.db, hospital, [
      { product: pear, quantity: 40 },
      { product: grape, quantity: 100 },
    ]);
    await makeIntent(t.db, hospital, [{ product: pear, quantity: 999 }], { status: 'withdrawn' }); // not demand
    asDangshan = await signedIn(t.http, (await makeUser(t.db, 'county', { countyId: dangshan.id })).username);
    asOrganiser = await signedIn(t.http, (await makeUser(t.db, 'organiser')).username);
  });
  afterAll(() => t.close());

  it('shows a county the demand for its own products and flags demand beyond capacity', async () => {
    const page = await asDangshan.get('/county/demand').expect(200);
    expect(page.text).toContain('砀山酥梨');
    expect(page.text).toContain('120 箱'); // 80 + 40, the withdrawn intent not counted
    expect(page.text).toContain('超出可供量');
    expect(page.text).toContain('1 个产品的意向数量超出可供量');
    expect(page.text).not.toContain('萧县葡萄');
    expect(page.text).toContain('¥7,340.00'); // 120 × 58 + 10 × 38
  });

  it('exports the demand view to Excel with text kept as text', async () => {
    const res = await asDangshan.get('/county/demand/export.xlsx').buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as Buffer);
    const ws = wb.getWorksheet('需求汇总')!;
    expect(ws.getRow(2).values).toEqual([
      undefined,
      '产品编号',
      '产品名称',
      '规格',
      '单位',
      '意向数量',
      '意向金额（元）',
      '采购单位数',
      '可供量',
      '是否超出可供量',
    ]);
    const rows = [3, 4, 5].map((r) => ws.getRow(r).values as unknown[]);
    const pearRow = rows.find((r) => r[1] === 'DS-001')!;
    expect(pearRow.slice(5)).toEqual([120, 6960, 2, 100, '超出可供量']);
    const syrupRow = rows.find((r) => r[1] === 'DS-002')!;
    expect(syrupRow[2]).toBe('=HYPERLINK("http://x","梨膏")'); // a string, not a formula object
    expect(ws.getCell('B4').formula).toBeUndefined();
  });

  it('does not show demand to buyers or the public', async () => {
    const buyer = await signedIn(t.http, (await makeUser(t.db, 'buyer', { buyerUnitId: school.id })).username);
    expect((await buyer.get('/county/demand')).status).toBe(403);
    expect((await buyer.get('/county/demand/export.xlsx')).status).toBe(403);
  });

  it('filters the organiser’s list by county, buyer type, status, date and search', async () => {
    const has = async (query: string) => {
      const text = (await asOrganiser.get(`/admin/intents${query}`).expect(200)).text;
      return [text.includes(schoolIntent.referenceNo), text.includes(hospitalIntent.referenceNo)];
    };
    expect(await has('')).toEqual([true, true]);
    expect(await has('?type=学校')).toEqual([true, false]);
    expect(await has(`?county=${xiaoxian.code}`)).toEqual([false, true]);
    expect(await has('?q=人民医院')).toEqual([false, true]);
    expect(await has(`?q=${schoolIntent.referenceNo.toLowerCase()}`)).toEqual([true, false]);
    expect(await has('?status=withdrawn')).toEqual([false, false]);
    expect(await has('?from=2000-01-01&to=2000-01-02')).toEqual([false, false]);
    expect(await has('?status=bogus&page=abc&from=not-a-date')).toEqual([true, true]); // bad filters are ignored
  });

  it('requires a reason to cancel, changing nothing without one', async () => {
    const page = `/admin/intents/${schoolIntent.id}`;
    const res = await submitForm(asOrganiser, page, `${page}/status`, { action: 'cancel', reason: ' ' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('取消或重新打开意向时请填写原因');
    expect((await t.db.getRepository(Intent).findOneByOrFail({ id: schoolIntent.id })).status).toBe('submitted');
  });

  it('confirms, cancels and reopens intents — also after the deadline', async () => {
    await t.db.getRepository(Fair).update({ current: true }, { intentDeadline: new Date('2020-01-01T00:00:00Z') });
    const page = `/admin/intents/${schoolIntent.id}`;
    expect((await submitForm(asOrganiser, page, `${page}/status`, { action: 'confirm' })).status).toBe(303);
    expect((await t.db.getRepository(Intent).findOneByOrFail({ id: schoolIntent.id })).status).toBe('confirmed');
    expect(
      (await submitForm(asOrganiser, page, `${page}/status`, { action: 'cancel', reason: '单位预算调整', confirmed: '1' })).status,
    ).toBe(303);
    let saved = await t.db.getRepository(Intent).findOneByOrFail({ id: schoolIntent.id });
    expect([saved.status, saved.statusReason]).toEqual(['cancelled', '单位预算调整']);
    expect((await submitForm(asOrganiser, page, `${page}/status`, { action: 'confirm' })).status).toBe(409);
    expect((await submitForm(asOrganiser, page, `${page}/status`, { action: 'reopen', reason: '单位确认继续采购' })).status).toBe(303);
    saved = await t.db.getRepository(Intent).findOneByOrFail({ id: schoolIntent.id });
    expect(saved.status).toBe('submitted');
    const buyerView = await (
      await signedIn(t.http, (await makeUser(t.db, 'buyer', { buyerUnitId: school.id })).username)
    ).get(`/my/intents/${schoolIntent.id}`);
    expect(buyerView.text).toContain('单位确认继续采购');
  });

  it('refuses an unknown action', async () => {
    const page = `/admin/intents/${hospitalIntent.id}`;
    const res = await submitForm(asOrganiser, page, `${page}/status`, { action: 'delete' });
    expect(res.status).toBe(422);
    expect((await t.db.getRepository(Intent).findOneByOrFail({ id: hospitalIntent.id })).status).toBe('submitted');
  });
});
