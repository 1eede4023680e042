import request from 'supertest';
import { randomUUID } from 'node:crypto';
import type { BuyerUnit } from '../src/buyers/buyer-unit.entity';
import type { County } from '../src/counties/county.entity';
import { Intent } from '../src/intents/intent.entity';
import { Objection } from '../src/objections/objection.entity';
import { Product } from '../src/products/product.entity';
import { SummaryDueDate } from '../src/summaries/summary-due-date.entity';
import { SummaryFileStorage } from '../src/summaries/summary-file-storage';
import { SummaryFile } from '../src/summaries/summary-file.entity';
import { dbSnapshot, snapshotDiff } from './support/db-snapshot';
import { currentFairId, makeBuyerUnit, makeCounty, makeIntent, makeProduct, makeUser } from './support/factories';
import { type Agent, signedIn, submitForm } from './support/http';
import { PDF } from './support/summary-files';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * Every destructive action (withdraw, delete, cancel, return, close) asks first, without
 * JavaScript: the button posts to a confirmation page that says what will happen, and only
 * its form (confirmed=1) does it. Until then the database is unchanged.
 */

/** The hidden fields of the confirmation page's form, as a browser would send them, plus the pressed button. */
function confirmationForm(html: string): { url: string; fields: Record<string, string | string[]> } {
  const form = /<form method="post" action="([^"]+)" class="actions confirm-form">([\s\S]*?)<\/form>/.exec(html);
  if (!form) throw new Error(`no confirmation form on the page:\n${html.slice(0, 500)}`);
  const fields: Record<string, string | string[]> = {};
  for (const m of form[2].matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    const value = m[2]
      .replace(/&quot;/g, '"')
      .replace(/&#x27;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
    const prev = fields[m[1]];
    fields[m[1]] = prev === undefined ? value : [prev, value].flat();
  }
  expect(form[2]).toContain('name="confirmed" value="1"');
  return { url: form[1], fields: { ...fields, confirmed: '1' } };
}

describe('destructive actions ask for confirmation first', () => {
  let t: TestApp;
  let county: County;
  let school: BuyerUnit;
  let asSchool: Agent;
  let asHospital: Agent;
  let asCounty: Agent;
  let asOtherCounty: Agent;
  let asOrganiser: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    county = await makeCounty(t.db, { code: '341321', name: '砀山县' });
    const other = await makeCounty(t.db, { code: '341322', name: '萧县' });
    school = await makeBuyerUnit(t.db, { name: '宿州市演示实验中学', type: '学校' });
    const hospital = await makeBuyerUnit(t.db, { name: '宿州市演示人民医院', type: '医院' });
    asSchool = await signedIn(t.http, (await makeUser(t.db, 'buyer', { buyerUnitId: school.id })).username);
    asHospital = await signedIn(t.http, (await makeUser(t.db, 'buyer', { buyerUnitId: hospital.id })).username);
    asCounty = await signedIn(t.http, (await makeUser(t.db, 'county', { countyId: county.id })).username);
    asOtherCounty = await signedIn(t.http, (await makeUser(t.db, 'county', { countyId: other.id })).username);
    asOrganiser = await signedIn(t.http, (await makeUser(t.db, 'organiser')).username);
    await t.db.getRepository(SummaryDueDate).save({ fairId: await currentFairId(t.db), dueDate: '2099-12-31' });
  });
  afterAll(() => t.close());

  async function summaryFile(fileName: string): Promise<SummaryFile> {
    const storageKey = `${randomUUID().replace(/-/g, '')}.pdf`;
    await t.app.get(SummaryFileStorage).put(storageKey, PDF);
    const repo = t.db.getRepository(SummaryFile);
    return repo.save(
      repo.create({
        fairId: await currentFairId(t.db),
        countyId: county.id,
        kind: 'document',
        fileName,
        fileType: 'pdf',
        size: PDF.length,
        storageKey,
      }),
    );
  }

  interface Case {
    agent: () => Agent;
    /** The page the button is on, and the path it posts to. */
    page: string;
    action: string;
    fields?: Record<string, string>;
    /** The confirmation page's question and a consequence it names. */
    asks: string[];
    done: () => Promise<boolean>;
  }

  const cases: [string, () => Promise<Case>][] = [
    [
      '撤回意向 (buyer)',
      async () => {
        const pear = await makeProduct(t.db, county, { name: '砀山酥梨', priceFen: 5800 });
        const intent = await makeIntent(t.db, school, [{ product: pear, quantity: 10 }]);
        return {
          agent: () => asSchool,
          page: `/my/intents/${intent.id}`,
          action: `/my/intents/${intent.id}/withdraw`,
          asks: [`撤回采购意向 ${intent.referenceNo}？`, '合计 ¥580.00'],
          done: async () => (await t.db.getRepository(Intent).findOneByOrFail({ id: intent.id })).status === 'withdrawn',
        };
      },
    ],
    [
      '取消意向 (organiser)',
      async () => {
        const intent = await makeIntent(t.db, school, [{ product: await makeProduct(t.db, county), quantity: 3 }]);
        return {
          agent: () => asOrganiser,
          page: `/admin/intents/${intent.id}`,
          action: `/admin/intents/${intent.id}/status`,
          fields: { action: 'cancel', reason: '单位预算调整' },
          asks: [`取消采购意向 ${intent.referenceNo}？`, '单位预算调整'],
          done: async () => (await t.db.getRepository(Intent).findOneByOrFail({ id: intent.id })).status === 'cancelled',
        };
      },
    ],
    [
      '下架产品 (county)',
      async () => {
        const product = await makeProduct(t.db, county, { name: '砀山梨膏' });
        return {
          agent: () => asCounty,
          page: `/county/products/${product.id}`,
          action: `/county/products/${product.id}/withdraw`,
          asks: ['下架“砀山梨膏”？', '已有的采购意向保留'],
          done: async () => (await t.db.getRepository(Product).findOneByOrFail({ id: product.id })).status === 'withdrawn',
        };
      },
    ],
    [
      '删除产品 (county)',
      async () => {
        const product = await makeProduct(t.db, county, { name: '砀山梨汁', status: 'draft' });
        return {
          agent: () => asCounty,
          page: `/county/products/${product.id}`,
          action: `/county/products/${product.id}/delete`,
          asks: ['删除“砀山梨汁”？', '不能恢复'],
          done: async () => (await t.db.getRepository(Product).findOneBy({ id: product.id })) === null,
        };
      },
    ],
    [
      '退回产品 (organiser, one product)',
      async () => {
        const product = await makeProduct(t.db, county, { name: '黄桃罐头', status: 'submitted', publishedAt: null });
        return {
          agent: () => asOrganiser,
          page: `/admin/products/${product.id}`,
          action: `/admin/products/${product.id}/return`,
          fields: { reason: '请补充扶贫产品认定编号' },
          asks: ['退回“黄桃罐头”？', '砀山县会看到退回原因：请补充扶贫产品认定编号'],
          done: async () => (await t.db.getRepository(Product).findOneByOrFail({ id: product.id })).status === 'returned',
        };
      },
    ],
    [
      '删除总结材料 (county)',
      async () => {
        const file = await summaryFile('砀山县总结.pdf');
        return {
          agent: () => asCounty,
          page: '/county/summary',
          action: `/county/summary/files/${file.id}/delete`,
          asks: ['删除“砀山县总结.pdf”？', '不能恢复'],
          done: async () => (await t.db.getRepository(SummaryFile).findOneBy({ id: file.id })) === null,
        };
      },
    ],
    [
      '关闭异议 (organiser)',
      async () => {
        const repo = t.db.getRepository(Objection);
        const objection = await repo.save(
          repo.create({
            fairId: await currentFairId(t.db),
            subjectType: 'figure',
            subject: '意向金额合计',
            text: '数字对不上',
            contact: '',
          }),
        );
        return {
          agent: () => asOrganiser,
          page: `/admin/objections/${objection.id}`,
          action: `/admin/objections/${objection.id}/close`,
          fields: { reason: '已核实，数据无误' },
          asks: [`关闭异议 ${objection.id}？`, '关闭原因将作为答复'],
          done: async () => (await repo.findOneByOrFail({ id: objection.id })).status === 'closed',
        };
      },
    ],
  ];

  it.each(cases)('%s: the button leads to a confirmation page, only its form does it', async (_name, setUp) => {
    const c = await setUp();
    const page = await c.agent().get(c.page).expect(200);
    expect(page.text).toContain(`action="${c.action}"`);

    const before = await dbSnapshot(t.db, t.config.dataDir);
    const asked = await submitForm(c.agent(), c.page, c.action, c.fields ?? {});
    expect(asked.status).toBe(200);
    for (const text of c.asks) expect(asked.text).toContain(text);
    expect(snapshotDiff(before, await dbSnapshot(t.db, t.config.dataDir))).toEqual([]);
    expect(await c.done()).toBe(false);

    // 取消 goes back to where the button was.
    expect(asked.text).toContain(`href="${c.page}" class="button">取消，返回</a>`);
    const { url, fields } = confirmationForm(asked.text);
    expect(url).toBe(c.action);
    const confirmed = await c.agent().post(url).type('form').send(fields);
    expect(confirmed.status).toBe(303);
    expect(await c.done()).toBe(true);
  });

  it('shows no confirmation page for a record that is not the user’s (403 / 404, nothing changes)', async () => {
    const pear = await makeProduct(t.db, county);
    const intent = await makeIntent(t.db, school, [{ product: pear, quantity: 2 }]);
    const file = await summaryFile('别县不能删.pdf');
    const before = await dbSnapshot(t.db, t.config.dataDir);
    const intentPost = await submitForm(asHospital, '/my/intents', `/my/intents/${intent.id}/withdraw`, {});
    expect(intentPost.status).toBe(403);
    expect(intentPost.text).not.toContain('confirm-form');
    const productPost = await submitForm(asOtherCounty, '/county', `/county/products/${pear.id}/delete`, {});
    expect(productPost.status).toBe(403);
    const filePost = await submitForm(asOtherCounty, '/county/summary', `/county/summary/files/${file.id}/delete`, {});
    expect(filePost.status).toBe(404);
    expect(snapshotDiff(before, await dbSnapshot(t.db, t.config.dataDir))).toEqual([]);
  });

  it('checks the typed reason before asking (an empty reason comes back on the form, 422)', async () => {
    const intent = await makeIntent(t.db, school, [{ product: await makeProduct(t.db, county), quantity: 2 }]);
    const page = `/admin/intents/${intent.id}`;
    const res = await submitForm(asOrganiser, page, `${page}/status`, { action: 'cancel', reason: ' ' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('取消或重新打开意向时请填写原因');
    expect(res.text).not.toContain('confirm-form');
  });

  it('confirming the wrong way (confirmed=yes, or a GET) does nothing', async () => {
    const intent = await makeIntent(t.db, school, [{ product: await makeProduct(t.db, county), quantity: 2 }]);
    const before = await dbSnapshot(t.db, t.config.dataDir);
    const res = await submitForm(asSchool, `/my/intents/${intent.id}`, `/my/intents/${intent.id}/withdraw`, { confirmed: 'yes' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('请在确认页面上点“确认”按钮后再提交');
    expect(res.text).toContain(`采购意向 ${intent.referenceNo}`); // on the intent's page, not an error page
    expect((await request(t.http).get(`/my/intents/${intent.id}/withdraw`)).status).not.toBe(303);
    expect(snapshotDiff(before, await dbSnapshot(t.db, t.config.dataDir))).toEqual([]);
  });
});
