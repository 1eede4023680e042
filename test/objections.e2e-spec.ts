import request from 'supertest';
import { AuditLog } from '../src/audit/audit-log.entity';
import { SessionRecord } from '../src/auth/session.entity';
import type { County } from '../src/counties/county.entity';
import { Objection } from '../src/objections/objection.entity';
import type { Product } from '../src/products/product.entity';
import { makeBuyerUnit, makeCounty, makeProduct, makeUser, currentFairId } from './support/factories';
import { browser, csrfFrom, signedIn, type Agent } from './support/http';
import { createTestApp, type TestApp } from './support/test-app';

describe('objections (异议): the public form and the organiser’s queue', () => {
  let t: TestApp;
  let county: County;
  let pear: Product;
  let draft: Product;
  let asOrganiser: Agent;
  /** Each test posts from its own client address, so the per-address rate limit is per test. */
  let address = 0;
  const nextAddress = () => `203.0.113.${++address}`;

  const objectionCount = () => t.db.getRepository(Objection).count();
  const auditCount = () => t.db.getRepository(AuditLog).count();
  const sessionCount = () => t.db.getRepository(SessionRecord).count();

  /** Opens the form as a visitor (about `product`, or about a figure) and posts `fields` from `ip`. */
  async function raise(fields: Record<string, string>, options: { product?: Product; ip?: string; agent?: Agent } = {}) {
    const agent = options.agent ?? browser(t.http);
    const ip = options.ip ?? nextAddress();
    const page = await agent.get(options.product ? `/objections/new?product=${options.product.id}` : '/objections/new').expect(200);
    const productField = options.product ? { productId: String(options.product.id) } : {};
    return agent
      .post('/objections/new')
      .set('X-Forwarded-For', ip)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), ...productField, ...fields });
  }

  async function postAsOrganiser(id: number, action: 'answer' | 'close', fields: Record<string, string>) {
    const page = await asOrganiser.get(`/admin/objections/${id}`).expect(200);
    return asOrganiser
      .post(`/admin/objections/${id}/${action}`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), ...fields });
  }

  beforeAll(async () => {
    t = await createTestApp({ TRUST_PROXY: '1' });
    county = await makeCounty(t.db, { name: '砀山县' });
    pear = await makeProduct(t.db, county, { name: '砀山酥梨' });
    draft = await makeProduct(t.db, county, { name: '未发布的梨膏', status: 'draft', publishedAt: null });
    asOrganiser = await signedIn(t.http, (await makeUser(t.db, 'organiser')).username);
  });
  afterAll(() => t.close());

  describe('the public form', () => {
    it('is linked from a published product’s page and names the product', async () => {
      const productPage = await request(t.http).get(`/products/${pear.id}`).expect(200);
      expect(productPage.text).toContain(`<a href="/objections/new?product=${pear.id}">对此产品有异议？</a>`);
      const form = await request(t.http).get(`/objections/new?product=${pear.id}`).expect(200);
      expect(form.text).toContain('对“砀山酥梨”提出异议');
      expect(form.text).toContain(`name="productId" value="${pear.id}"`);
    });

    it('stores an objection about a product, shows its reference number and counts it on /gongshi — writing no session', async () => {
      const sessionsBefore = await sessionCount();
      const res = await raise(
        { text: '该产品不是扶贫产品，供货主体不在认定名单中。', contact: 'supervisor@example.com' },
        { product: pear },
      );
      expect(res.status).toBe(303);
      expect(res.headers['set-cookie']?.some((c: string) => c.startsWith('fupin.sid')) ?? false).toBe(false);
      const saved = await t.db.getRepository(Objection).findOneOrFail({ where: {}, order: { id: 'DESC' } });
      expect(res.headers.location).toBe(`/objections/${saved.id}/thanks`);
      expect(saved).toMatchObject({
        subjectType: 'product',
        productId: pear.id,
        subject: null,
        text: '该产品不是扶贫产品，供货主体不在认定名单中。',
        contact: 'supervisor@example.com',
        status: 'open',
      });
      const thanks = await request(t.http).get(res.headers.location).expect(200);
      expect(thanks.text).toContain(`受理编号：<strong>${saved.id}</strong>`);
      expect(thanks.text).not.toContain('supervisor@example.com');
      expect(await sessionCount()).toBe(sessionsBefore);

      const log = await t.db.getRepository(AuditLog).findOneByOrFail({ action: 'objection.create', entityId: String(saved.id) });
      expect(log.username).toBe('visitor');
      expect(JSON.stringify(log.changes)).not.toContain('supervisor@example.com'); // the contact stays out of the log

      const gongshi = (await request(t.http).get('/gongshi')).text;
      expect(gongshi).toContain(`${await objectionCount()} 件</span><span class="stat-label">收到异议`);
      expect(gongshi).not.toContain('supervisor@example.com');
    });

    it('stores an objection about a published figure, with its subject', async () => {
      const res = await raise({ subject: '各县区统计：萧县签约金额', text: '萧县的签约金额与现场公布的不一致。' });
      expect(res.status).toBe(303);
      const saved = await t.db.getRepository(Objection).findOneOrFail({ where: {}, order: { id: 'DESC' } });
      expect(saved).toMatchObject({ subjectType: 'figure', productId: null, subject: '各县区统计：萧县签约金额', contact: null });
    });

    it.each([
      ['an empty text', { text: '   ' }, 422, '请填写异议内容'],
      ['a text of four characters', { text: '不对不对' }, 422, '异议内容应为5至2000个字'],
      ['a text of 100,000 characters', { text: '假'.repeat(100_000) }, 422, '异议内容应为5至2000个字'],
      ['a contact of 101 characters', { text: '价格明显高于市场价。', contact: 'x'.repeat(101) }, 422, '联系方式不能超过100个字'],
      ['an unknown product', { productId: '999999', text: '价格明显高于市场价。' }, 404, '产品不存在'],
      ['a product id that is not a number', { productId: 'abc', text: '价格明显高于市场价。' }, 422, '产品编号有误'],
    ])('refuses %s with a Chinese message and stores nothing', async (_case, fields, status, message) => {
      const [objections, audits] = [await objectionCount(), await auditCount()];
      const res = await raise({ subject: '意向金额', ...fields });
      expect(res.status).toBe(status);
      expect(res.text).toContain(message);
      expect([await objectionCount(), await auditCount()]).toEqual([objections, audits]);
    });

    it('refuses an objection about an unpublished product, on the form and on submission', async () => {
      await request(t.http).get(`/objections/new?product=${draft.id}`).expect(404);
      const before = await objectionCount();
      const res = await raise({ productId: String(draft.id), text: '这个产品有问题，请核实。' });
      expect(res.status).toBe(404);
      expect(res.text).toContain('产品不存在或已被删除');
      expect(await objectionCount()).toBe(before);
    });

    it('asks which figure is meant when the objection is not about a product, keeping what was typed', async () => {
      const res = await raise({ subject: '', text: '数据有误，请核实。', contact: '王先生' });
      expect(res.status).toBe(422);
      expect(res.text).toContain('请说明对哪一项公示数据有异议');
      expect(res.text).toContain('数据有误，请核实。</textarea>');
      expect(res.text).toContain('value="王先生"');
    });

    it('refuses a submission without a CSRF token', async () => {
      const before = await objectionCount();
      const res = await request(t.http).post('/objections/new').type('form').send({ subject: '意向金额', text: '数据有误，请核实。' });
      expect(res.status).toBe(403);
      expect(res.text).toContain('页面已过期或表单无效');
      expect(await objectionCount()).toBe(before);
    });

    it('limits submissions from one address to 10 in 10 minutes, with a Chinese 429', async () => {
      const ip = nextAddress();
      const agent = browser(t.http);
      for (let i = 0; i < 10; i++) {
        expect((await raise({ subject: '意向金额', text: `第${i + 1}次提出异议。` }, { ip, agent })).status).toBe(303);
      }
      const before = await objectionCount();
      const res = await raise({ subject: '意向金额', text: '第11次提出异议。' }, { ip, agent });
      expect(res.status).toBe(429);
      expect(res.text).toContain('操作过于频繁，请稍后再试');
      expect(await objectionCount()).toBe(before);
      // Another address is not affected.
      expect((await raise({ subject: '意向金额', text: '另一个地址提出异议。' })).status).toBe(303);
    });

    it('answers 404 for the thank-you page of an objection that does not exist', async () => {
      await request(t.http).get('/objections/999999/thanks').expect(404);
    });
  });

  describe('the organiser’s queue', () => {
    it('escapes HTML in the text on the organiser’s list and page', async () => {
      const res = await raise({ subject: '<b>爱心榜</b>', text: '<script>alert("x")</script><img src=x onerror=alert(1)>名单有误' });
      expect(res.status).toBe(303);
      const id = Number(/\/objections\/(\d+)\/thanks/.exec(res.headers.location)![1]);
      for (const path of ['/admin/objections', `/admin/objections/${id}`]) {
        const html = (await asOrganiser.get(path).expect(200)).text;
        expect(html).not.toContain('<script>alert');
        expect(html).not.toContain('<img src=x');
        expect(html).not.toContain('<b>爱心榜</b>');
        expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
      }
    });

    it('answers, then closes with a reason; each step is audited and counted on /gongshi', async () => {
      const res = await raise({ subject: '成交金额', text: '成交金额偏高，请说明口径。', contact: '13800001111' });
      const id = Number(/\/objections\/(\d+)\/thanks/.exec(res.headers.location)![1]);
      const page = await asOrganiser.get(`/admin/objections/${id}`).expect(200);
      expect(page.text).toContain('13800001111'); // the organiser sees the contact
      expect(page.text).toContain('待答复');

      const empty = await postAsOrganiser(id, 'answer', { answer: ' ' });
      expect(empty.status).toBe(422);
      expect(empty.text).toContain('请填写答复内容');
      expect((await t.db.getRepository(Objection).findOneByOrFail({ id })).status).toBe('open');

      const answered = await postAsOrganiser(id, 'answer', { answer: '成交金额按实际下单数量乘以提交时的单价计算。' });
      expect(answered.status).toBe(303);
      expect(answered.headers.location).toBe(`/admin/objections/${id}`);
      let saved = await t.db.getRepository(Objection).findOneByOrFail({ id });
      expect(saved).toMatchObject({ status: 'answered', answer: '成交金额按实际下单数量乘以提交时的单价计算。' });
      expect(saved.answeredAt).toBeInstanceOf(Date);
      expect(saved.answeredById).not.toBeNull();

      const noReason = await postAsOrganiser(id, 'close', { reason: '', confirmed: '1' });
      expect(noReason.status).toBe(422);
      expect(noReason.text).toContain('请填写关闭原因');
      expect((await t.db.getRepository(Objection).findOneByOrFail({ id })).status).toBe('answered');

      expect((await postAsOrganiser(id, 'close', { reason: '已向提出人说明统计口径', confirmed: '1' })).status).toBe(303);
      saved = await t.db.getRepository(Objection).findOneByOrFail({ id });
      expect(saved).toMatchObject({ status: 'closed', answer: '成交金额按实际下单数量乘以提交时的单价计算。' });

      const logs = await t.db
        .getRepository(AuditLog)
        .find({ where: { entityType: 'objection', entityId: String(id) }, order: { id: 'ASC' } });
      expect(logs.map((l) => l.action)).toEqual(['objection.create', 'objection.answer', 'objection.close']);
      expect(logs[1].changes!.status).toEqual({ before: 'open', after: 'answered' });
      expect(logs[2].changes!.reason).toEqual({ before: null, after: '已向提出人说明统计口径' });

      const closedPage = (await asOrganiser.get(`/admin/objections/${id}`).expect(200)).text;
      expect(closedPage).toContain('已关闭');
      expect(closedPage).toContain('关闭异议：已向提出人说明统计口径');
      expect(closedPage).not.toContain(`action="/admin/objections/${id}/answer"`);

      const again = await asOrganiser
        .post(`/admin/objections/${id}/answer`)
        .type('form')
        .send({ _csrf: csrfFrom(page.text), answer: '再次答复' });
      expect(again.status).toBe(409);
      expect(again.text).toContain('该异议已关闭');

      const counts = await t.db.getRepository(Objection).countBy({ status: 'open' });
      const gongshi = (await request(t.http).get('/gongshi')).text;
      expect(gongshi).toContain(`${counts} 件</span><span class="stat-label">待答复`);
      expect(gongshi).not.toContain('13800001111');
    });

    it('closing an unanswered objection records the reason as its answer', async () => {
      const res = await raise({ subject: '爱心榜', text: '重复提交的异议，内容同上。' });
      const id = Number(/\/objections\/(\d+)\/thanks/.exec(res.headers.location)![1]);
      expect((await postAsOrganiser(id, 'close', { reason: '重复提交，已在前一件中答复', confirmed: '1' })).status).toBe(303);
      const saved = await t.db.getRepository(Objection).findOneByOrFail({ id });
      expect(saved).toMatchObject({ status: 'closed', answer: '重复提交，已在前一件中答复' });
      expect(saved.answeredAt).toBeInstanceOf(Date);
    });

    it('filters by status, newest first, and pages', async () => {
      const repo = t.db.getRepository(Objection);
      const fairId = await currentFairId(t.db);
      const extra = Array.from({ length: 32 }, (_, i) =>
        repo.create({
          fairId,
          subjectType: 'figure',
          subject: '意向金额',
          text: `批量异议第${i + 1}件`,
          status: 'open',
          createdAt: new Date(Date.UTC(2021, 0, 1, 0, i)),
        }),
      );
      await repo.save(extra);
      const first = (await asOrganiser.get('/admin/objections?status=open').expect(200)).text;
      expect(first).toContain('待答复');
      expect(first).not.toContain('已关闭</span>');
      expect(first).toContain('href="?status&#x3D;open&amp;page&#x3D;2"'); // Handlebars escapes = and &
      const second = (await asOrganiser.get('/admin/objections?status=open&page=2').expect(200)).text;
      // The 32 backdated ones are the oldest: the first of them is on the last page, after the 2nd.
      expect(second.indexOf('批量异议第2件')).toBeGreaterThan(-1);
      expect(second.indexOf('批量异议第1件<')).toBeGreaterThan(second.indexOf('批量异议第2件'));
      const closed = (await asOrganiser.get('/admin/objections?status=closed').expect(200)).text;
      expect(closed).not.toContain('批量异议');
      expect(closed).toContain('重复提交的异议');
    });

    it('is the organiser’s only: buyers and counties get 403, visitors are sent to log in', async () => {
      const unit = await makeBuyerUnit(t.db);
      const asBuyer = await signedIn(t.http, (await makeUser(t.db, 'buyer', { buyerUnitId: unit.id })).username);
      const asCounty = await signedIn(t.http, (await makeUser(t.db, 'county', { countyId: county.id })).username);
      const [any] = await t.db.getRepository(Objection).find({ take: 1 });
      for (const agent of [asBuyer, asCounty]) {
        for (const path of ['/admin/objections', `/admin/objections/${any.id}`]) {
          expect([path, (await agent.get(path)).status]).toEqual([path, 403]);
        }
        const token = csrfFrom((await agent.get('/objections/new')).text);
        const post = await agent.post(`/admin/objections/${any.id}/close`).type('form').send({ _csrf: token, reason: '试图关闭' });
        expect(post.status).toBe(403);
      }
      expect((await t.db.getRepository(Objection).findOneByOrFail({ id: any.id })).status).toBe(any.status);
      const visitor = await request(t.http).get('/admin/objections');
      expect([visitor.status, visitor.headers.location]).toEqual([303, '/login?next=%2Fadmin%2Fobjections']);
    });

    it('is in the organiser’s menu', async () => {
      const html = (await asOrganiser.get('/admin').expect(200)).text;
      expect(html).toContain('<a href="/admin/objections">异议处理</a>');
    });
  });
});
