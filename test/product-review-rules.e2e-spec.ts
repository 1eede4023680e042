import request from 'supertest';
import type { County } from '../src/counties/county.entity';
import { Product } from '../src/products/product.entity';
import { makeProduct, validCreditCode } from './support/factories';
import { csrfFrom, type Agent } from './support/http';
import { clerkAndOrganiser, editProduct, previewImport, productFormFields, rowOf } from './support/product-pages';
import { createTestApp, usingPostgres, type TestApp } from './support/test-app';

describe(`which changes to a published product wait for review (${usingPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  let county: County;
  let asCounty: Agent;
  let asOrganiser: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    ({ county, asCounty, asOrganiser } = await clerkAndOrganiser(t));
  });
  afterAll(() => t.close());

  const reload = (id: number) => t.db.getRepository(Product).findOneByOrFail({ id });
  const apiItem = async (id: number) => (await request(t.http).get(`/api/products/${id}`).expect(200)).body as Record<string, unknown>;
  const apiList = async () =>
    (await request(t.http).get('/api/products').query({ county: county.code, pageSize: '100' }).expect(200)).body.items as {
      id: number;
      name: string;
      supplier: string;
      category: string;
    }[];

  async function approve(id: number) {
    const page = `/admin/products/${id}`;
    const token = csrfFrom((await asOrganiser.get(page).expect(200)).text);
    await asOrganiser.post(`${page}/approve`).type('form').send({ _csrf: token }).expect(303);
  }

  it('keeps a new name, category, supplier and credit code off the public catalogue until the organiser approves them', async () => {
    const p = await makeProduct(t.db, county, { name: '砀山酥梨', category: '蔬菜水果', supplierName: '良梨合作社' });
    const newCode = validCreditCode('93', county.code);
    const res = await editProduct(asCounty, p.id, {
      name: '砀山酥梨（新季）',
      category: '粮油米面',
      supplierName: '葛集果业合作社',
      supplierCreditCode: newCode,
      description: '新介绍，立即生效',
    });
    expect(res.status).toBe(303);
    const flash = (await asCounty.get(`/county/products/${p.id}`)).text;
    expect(flash).toContain('产品名称、产品类别、供货主体、供货主体统一社会信用代码的修改需经组织方审核');

    const saved = await reload(p.id);
    expect(saved).toMatchObject({
      name: '砀山酥梨',
      category: '蔬菜水果',
      supplierName: '良梨合作社',
      supplierCreditCode: p.supplierCreditCode,
    });
    expect(saved.description).toBe('新介绍，立即生效');
    expect(saved.pendingChanges).toEqual({
      name: '砀山酥梨（新季）',
      category: '粮油米面',
      supplierName: '葛集果业合作社',
      supplierCreditCode: newCode,
    });

    const form = (await asCounty.get(`/county/products/${p.id}/edit`).expect(200)).text;
    expect(productFormFields(form)).toMatchObject({ name: '砀山酥梨（新季）', category: '粮油米面', supplierCreditCode: newCode });
    expect(form).toContain('aria-describedby="category-pending"');
    expect(form).toMatch(/id="category-pending">.*审核通过前公开页面仍显示：蔬菜水果<\/p>/);

    // The public sees the approved identity everywhere.
    const page = (await request(t.http).get(`/products/${p.id}`).expect(200)).text;
    expect(page).toContain('砀山酥梨');
    expect(page).not.toContain('新季');
    expect(page).not.toContain('葛集果业合作社');
    expect(await apiItem(p.id)).toMatchObject({ name: '砀山酥梨', category: '蔬菜水果', supplier: '良梨合作社' });
    expect((await apiList()).find((i) => i.id === p.id)).toMatchObject({ name: '砀山酥梨', supplier: '良梨合作社', category: '蔬菜水果' });

    // The organiser sees each change as before → after, then approves.
    expect((await asOrganiser.get('/admin/products').expect(200)).text).toContain(`href="/admin/products/${p.id}"`);
    const review = (await asOrganiser.get(`/admin/products/${p.id}`).expect(200)).text;
    for (const [label, before, after] of [
      ['产品名称', '砀山酥梨', '砀山酥梨（新季）'],
      ['产品类别', '蔬菜水果', '粮油米面'],
      ['供货主体', '良梨合作社', '葛集果业合作社'],
      ['供货主体统一社会信用代码', p.supplierCreditCode, newCode],
    ]) {
      expect(review).toContain(`<tr><td>${label}</td><td>${before}</td><td><strong>${after}</strong></td></tr>`);
    }
    await approve(p.id);
    expect(await apiItem(p.id)).toMatchObject({ name: '砀山酥梨（新季）', category: '粮油米面', supplier: '葛集果业合作社' });
    expect((await reload(p.id)).pendingChanges).toBeNull();
  });

  it('shows every pending value in the edit form, and a description-only save keeps them all waiting for review', async () => {
    const p = await makeProduct(t.db, county, { name: '酥梨膏', priceFen: 5800, capacity: 20000, certificateNo: null });
    expect(
      (await editProduct(asCounty, p.id, { name: '酥梨膏（礼盒）', price: '52', capacity: '500', certificateNo: '皖扶产认〔2020〕0009' }))
        .status,
    ).toBe(303);
    const waiting = { name: '酥梨膏（礼盒）', priceFen: 5200, capacity: 500, certificateNo: '皖扶产认〔2020〕0009' };
    expect((await reload(p.id)).pendingChanges).toEqual(waiting);

    const form = (await asCounty.get(`/county/products/${p.id}/edit`).expect(200)).text;
    expect(productFormFields(form)).toMatchObject({
      name: '酥梨膏（礼盒）',
      price: '52.00',
      capacity: '500',
      certificateNo: '皖扶产认〔2020〕0009',
    });
    for (const [field, publicValue] of [
      ['name', '酥梨膏'],
      ['price', '¥58.00'],
      ['capacity', '20,000'],
      ['certificateNo', '（空）'],
    ]) {
      expect(form).toMatch(
        new RegExp(`id="${field}-pending">.*待组织方审核，审核通过前公开页面仍显示：${publicValue.replace(/[$()]/g, '\\$&')}</p>`),
      );
      expect(form).toMatch(new RegExp(`id="${field}"[^>]*aria-describedby="[^"]*${field}-pending`));
    }

    expect((await editProduct(asCounty, p.id, { description: '只改了介绍' })).status).toBe(303);
    const saved = await reload(p.id);
    expect(saved.description).toBe('只改了介绍');
    expect(saved.pendingChanges).toEqual(waiting);
    expect(saved).toMatchObject({ name: '酥梨膏', priceFen: 5800, capacity: 20000, certificateNo: null });
    expect((await asOrganiser.get('/admin/products').expect(200)).text).toContain(`href="/admin/products/${p.id}"`);
    expect(await apiItem(p.id)).toMatchObject({ name: '酥梨膏', priceFen: 5800, capacity: 20000 });
  });

  it('applies the same rule to an imported row as to the form, the return reason included', async () => {
    const reason = '价格偏高，请核实';
    const [byForm, byImport, textByForm, textByImport] = await Promise.all(
      ['A', 'B', 'C', 'D'].map((k) => makeProduct(t.db, county, { code: `RR-${k}`, name: `梨${k}`, capacity: 1000, reviewReason: reason })),
    );
    const changes = (p: Product) => ({ name: `${p.name}（新）`, capacity: '800', description: '新介绍' });

    for (const p of [byForm, textByForm]) {
      const res = await editProduct(asCounty, p.id, p === byForm ? changes(p) : { description: '新介绍' });
      expect(res.status).toBe(303);
    }
    const { preview, confirm } = await previewImport(asCounty, [
      rowOf(byImport, { ...changes(byImport), capacity: 800 }),
      rowOf(textByImport, { description: '新介绍' }),
    ]);
    expect(preview.text).toContain('新增 0 个，更新 2 个，未变 0 个');
    expect((await confirm()).status).toBe(303);

    const [a, b, c, d] = await Promise.all([byForm, byImport, textByForm, textByImport].map((p) => reload(p.id)));
    for (const [edited, original] of [
      [a, byForm],
      [b, byImport],
    ]) {
      expect(edited).toMatchObject({ name: original.name, capacity: 1000, description: '新介绍', reviewReason: null, status: 'published' });
      expect(edited.pendingChanges).toEqual({ name: `${original.name}（新）`, capacity: 800 });
    }
    // Nothing went to review: the organiser's reason stays for the county to read, on both paths.
    for (const edited of [c, d]) {
      expect(edited).toMatchObject({ description: '新介绍', reviewReason: reason, pendingChanges: null });
    }
  });
});
