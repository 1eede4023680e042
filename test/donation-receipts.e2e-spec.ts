import type { Response } from 'supertest';
import { AuditLog } from '../src/audit/audit-log.entity';
import { isoDateCst } from '../src/common/dates';
import type { County } from '../src/counties/county.entity';
import { DonationReceipt } from '../src/donations/donation-receipt.entity';
import { DonationTotalsService } from '../src/donations/donation-totals.service';
import type { DonationProject } from '../src/donations/donation-project.entity';
import type { Pledge } from '../src/donations/pledge.entity';
import { ReceiptsService } from '../src/donations/receipts/receipts.service';
import { Fair } from '../src/fairs/fair.entity';
import { dbSnapshot, snapshotDiff } from './support/db-snapshot';
import { makePledge, makeProject, makeReceipt } from './support/donation-factories';
import { currentFairId, makeCounty, makeUser } from './support/factories';
import { csrfFrom, signedIn, submitForm, type Agent } from './support/http';
import { createTestApp, usingPostgres, type TestApp } from './support/test-app';

/**
 * 到账 and 捐赠票据 through the real HTTP stack: a county office and the city office record
 * money against pledges and without, every refusal leaves the database as it was, voiding
 * keeps the number and stops the money counting, and the print page is the donor's receipt.
 */

const YEAR = isoDateCst().slice(0, 4);
const TODAY = isoDateCst();
const COUNTY_NEW = '/county/donations/receipts/new';
const COUNTY_POST = '/county/donations/receipts';
const CITY_NEW = '/admin/donations/receipts/new';
const CITY_POST = '/admin/donations/receipts';

/** The page's text without tags, entities decoded: what a reader sees. */
const visible = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x3D;/g, '=')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe(`捐赠到账与票据 (${usingPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  let countyX: County;
  let countyY: County;
  let projectX: DonationProject;
  let projectY: DonationProject;
  let draftX: DonationProject;
  let pledgeX: Pledge;
  let fundPledgeX: Pledge;
  let pledgeY: Pledge;
  let cityPledge: Pledge;
  let cancelledX: Pledge;
  let county: Agent;
  let countyB: Agent;
  let organiser: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    countyX = await makeCounty(t.db, { code: '341321', name: '砀山县' });
    countyY = await makeCounty(t.db, { code: '341322', name: '萧县' });
    projectX = await makeProject(t.db, countyX, { title: '砀山县良梨镇酥梨冷库' });
    projectY = await makeProject(t.db, countyY, { title: '萧县葡萄种植基地' });
    draftX = await makeProject(t.db, countyX, { title: '砀山县草稿项目', status: 'draft', publishedAt: null });
    pledgeX = await makePledge(t.db, projectX, { donorName: '王小明', anonymous: true, amountFen: 100_000 });
    fundPledgeX = await makePledge(t.db, null, {
      countyId: countyX.id,
      donorName: '砀山县演示商会',
      donorKind: 'organisation',
      amountFen: 500_000,
    });
    pledgeY = await makePledge(t.db, projectY, { donorName: '萧县捐赠人' });
    cityPledge = await makePledge(t.db, null, { donorName: '宿州市演示企业', donorKind: 'organisation', amountFen: 2_000_000 });
    cancelledX = await makePledge(t.db, projectX, { donorName: '已取消的认捐人', status: 'cancelled', cancelledAt: new Date() });
    county = await signedIn(t.http, (await makeUser(t.db, 'county', { countyId: countyX.id })).username);
    countyB = await signedIn(t.http, (await makeUser(t.db, 'county', { countyId: countyY.id })).username);
    organiser = await signedIn(t.http, (await makeUser(t.db, 'organiser')).username);
  });
  afterAll(() => t?.close());

  const snapshot = () => dbSnapshot(t.db, t.config.dataDir);
  const receipts = (office: string) => t.db.getRepository(DonationReceipt).find({ where: { office }, order: { id: 'ASC' } });
  const recordX = (fields: Record<string, string>) => submitForm(county, COUNTY_NEW, COUNTY_POST, fields);

  /** Posts and expects a refusal with `message` on the page, nothing written and no number taken. */
  async function refused(send: () => Promise<Response>, status: number, message: string | RegExp): Promise<Response> {
    const before = await snapshot();
    const res = await send();
    expect(res.status).toBe(status);
    expect(visible(res.text)).toMatch(message);
    expect(snapshotDiff(before, await snapshot())).toEqual([]);
    return res;
  }

  describe('a county office', () => {
    it('lists the open pledges to its office only, with pledged, received and remaining', async () => {
      const page = await county.get('/county/donations').expect(200);
      const text = visible(page.text);
      expect(text).toContain(pledgeX.pledgeNo);
      expect(text).toContain(fundPledgeX.pledgeNo);
      expect(text).toContain('砀山县捐赠资金（不定向）');
      for (const other of [pledgeY, cityPledge, cancelledX]) expect(text).not.toContain(other.pledgeNo);
      expect(page.text).toContain(`/county/donations/receipts/new?pledge=${pledgeX.id}`);
    });

    it('records a part of a pledge: donor, anonymity and project from the pledge, number 00001 of its office', async () => {
      const res = await recordX({ pledgeId: String(pledgeX.id), amount: '400', receivedOn: TODAY, bankReference: ' ab 2020-001 ' });
      expect(res.status).toBe(303);
      const [receipt] = await receipts('341321');
      expect(res.headers.location).toBe(`/county/donations/receipts/${receipt.id}`);
      expect(receipt).toMatchObject({
        receiptNo: `JZ-341321-${YEAR}-00001`,
        pledgeId: pledgeX.id,
        projectId: projectX.id,
        countyId: countyX.id,
        donorName: '王小明',
        donorKind: 'person',
        anonymous: true,
        amountFen: 40_000,
        receivedOn: TODAY,
        bankReference: 'AB2020-001',
        voidedAt: null,
      });
      const audit = await t.db.getRepository(AuditLog).findOneByOrFail({ action: 'donation-receipt.record', entityId: String(receipt.id) });
      expect(audit.changes?.amountFen).toEqual({ before: null, after: 40_000 });
      const shown = visible((await county.get(res.headers.location).expect(200)).text);
      expect(shown).toContain(`已登记到账 ¥400.00，捐赠票据号 JZ-341321-${YEAR}-00001`);
      expect(visible((await county.get('/county/donations')).text)).toMatch(/¥1,000\.00 ¥400\.00 ¥600\.00/);
    });

    it('allows a receipt above what remains of the pledge and shows the overpayment', async () => {
      // Decided: money that arrived is recorded as it arrived (see ReceiptsService.record).
      const res = await recordX({ pledgeId: String(pledgeX.id), amount: '700.50', receivedOn: TODAY });
      expect(res.status).toBe(303);
      const flashPage = visible((await county.get(res.headers.location).expect(200)).text);
      expect(flashPage).toContain('该认捐累计到账已超出认捐金额 ¥100.50');
      const list = visible((await county.get('/county/donations')).text);
      expect(list).toMatch(/¥1,000\.00 ¥1,100\.50 ¥0\.00 超出 ¥100\.50/);
      // The office's campaign figures, pledged and received apart, from the one totals service.
      expect(list).toContain('本届认捐 ¥6,000.00 本届已到账 ¥1,100.50');
      expect((await receipts('341321')).map((r) => r.receiptNo)).toEqual([`JZ-341321-${YEAR}-00001`, `JZ-341321-${YEAR}-00002`]);
      expect((await t.app.get(DonationTotalsService).ofProject(projectX.id)).receivedFen).toBe(110_050);
    });

    it('records money without a pledge, to one of its projects or to its fund', async () => {
      const toProject = await recordX({
        donorKind: 'unit',
        donorName: '宿州市演示供电公司',
        target: String(projectX.id),
        amount: '1,000',
        receivedOn: TODAY,
      });
      expect(toProject.status).toBe(303);
      const toFund = await recordX({
        donorKind: 'person',
        donorName: '李四',
        anonymous: 'on',
        target: 'fund',
        amount: '88.8',
        receivedOn: TODAY,
      });
      expect(toFund.status).toBe(303);
      const [, , a, b] = await receipts('341321');
      expect(a).toMatchObject({
        pledgeId: null,
        projectId: projectX.id,
        donorKind: 'unit',
        donorName: '宿州市演示供电公司',
        anonymous: false,
        amountFen: 100_000,
      });
      expect(b).toMatchObject({
        pledgeId: null,
        projectId: null,
        donorName: '李四',
        anonymous: true,
        amountFen: 8880,
        fairId: await currentFairId(t.db),
      });
      expect(b.receiptNo).toBe(`JZ-341321-${YEAR}-00004`);
    });

    it('refuses a bank reference the office has already recorded, however it is typed', async () => {
      const res = await refused(
        () => recordX({ pledgeId: String(fundPledgeX.id), amount: '10', receivedOn: TODAY, bankReference: 'ab2020-001' }),
        422,
        `银行流水号 AB2020-001 已登记在票据 JZ-341321-${YEAR}-00001上`,
      );
      expect(res.text).toContain('value="10"'); // what was typed stays in the form
      // Another office may hold the same reference: uniqueness is per office.
      const other = await submitForm(countyB, COUNTY_NEW, COUNTY_POST, {
        pledgeId: String(pledgeY.id),
        amount: '10',
        receivedOn: TODAY,
        bankReference: 'AB2020-001',
      });
      expect(other.status).toBe(303);
      expect((await receipts('341322'))[0].receiptNo).toBe(`JZ-341322-${YEAR}-00001`);
    });

    it.each([
      ['amount 0', { amount: '0' }, '到账金额应大于 0 元'],
      ['a negative amount', { amount: '-5' }, '到账金额不能为负数'],
      ['three decimals', { amount: '12.345' }, '到账金额最多两位小数'],
      ['above 1 亿元', { amount: '100000000.01' }, '到账金额不能超过 1 亿元'],
      ['text for an amount', { amount: '一百' }, '到账金额应为数字'],
      ['no amount', { amount: '' }, '请填写到账金额'],
      ['a future date', { receivedOn: '2999-01-01' }, '到账日期不能晚于今天'],
      ['tomorrow', { receivedOn: isoDateCst(new Date(Date.now() + 86_400_000)) }, '到账日期不能晚于今天'],
      ['a date long ago', { receivedOn: '2002-10-17' }, /到账日期不能早于/],
      ['no such date', { receivedOn: '2020-02-30' }, '到账日期应为有效日期'],
      ['a bank reference in Chinese', { bankReference: '工行流水一' }, '银行流水号只能包含字母、数字'],
      ['a bank reference too long', { bankReference: 'A'.repeat(41) }, '银行流水号不能超过40个字符'],
    ])('refuses %s beside the field and writes nothing', async (_name, override, message) => {
      await refused(() => recordX({ pledgeId: String(fundPledgeX.id), amount: '10', receivedOn: TODAY, ...override }), 422, message);
    });

    it.each([
      ['no donor', { donorName: '' }, '请填写捐赠人'],
      ['no donor kind', { donorKind: 'alien' }, '请选择捐赠人类型'],
      ['no purpose', { target: '' }, '请选择捐款用途'],
      ['another county’s project', { target: 'PY' }, '请选择本单位已发布的项目'],
      ['its own draft project', { target: 'DRAFT' }, '请选择本单位已发布的项目'],
    ])('refuses money without a pledge with %s', async (_name, override, message) => {
      const fields = { donorKind: 'person', donorName: '张三', target: 'fund', amount: '10', receivedOn: TODAY, ...override };
      if (fields.target === 'PY') fields.target = String(projectY.id);
      if (fields.target === 'DRAFT') fields.target = String(draftX.id);
      await refused(() => recordX(fields), 422, message);
    });

    it('refuses a cancelled pledge (409) and another county’s pledge (404), writing nothing', async () => {
      await refused(() => recordX({ pledgeId: String(cancelledX.id), amount: '10', receivedOn: TODAY }), 409, '已取消，不能再登记到账');
      await refused(() => recordX({ pledgeId: String(pledgeY.id), amount: '10', receivedOn: TODAY }), 404, '不存在');
      await refused(() => recordX({ pledgeId: String(cityPledge.id), amount: '10', receivedOn: TODAY }), 404, '不存在');
      await county.get(`${COUNTY_NEW}?pledge=${pledgeY.id}`).expect(404);
      await county.get(`${COUNTY_NEW}?pledge=99999999999`).expect(404);
      // A hand-made pledge id names no pledge: not found, as an id in a URL would be.
      await refused(() => recordX({ pledgeId: '0x10', amount: '10', receivedOn: TODAY }), 404, '认捐记录不存在');
    });

    it('numbers without a gap after refusals: the refused receipts took no number', async () => {
      const res = await recordX({ pledgeId: String(fundPledgeX.id), amount: '1', receivedOn: TODAY });
      expect(res.status).toBe(303);
      const seqs = (await receipts('341321')).map((r) => Number(r.receiptNo.slice(-5)));
      expect(seqs).toEqual([1, 2, 3, 4, 5]);
    });
  });

  describe('voiding', () => {
    it('asks for a reason, confirms on a page, then keeps the number marked 已作废 and stops counting it', async () => {
      const [first] = await receipts('341321');
      const path = `/county/donations/receipts/${first.id}`;
      const before = (await t.app.get(DonationTotalsService).ofProject(projectX.id)).receivedFen;
      await refused(() => submitForm(county, path, `${path}/void`, { reason: '  ' }), 422, '请填写作废原因');
      // Without JavaScript: the first post shows what will happen, and writes nothing.
      const ask = await refused(
        () => submitForm(county, path, `${path}/void`, { reason: '金额登记错误' }),
        200,
        `作废捐赠票据 ${first.receiptNo}？`,
      );
      expect(ask.text).toContain('name="confirmed" value="1"');
      expect(ask.text).toContain('name="reason" value="金额登记错误"');
      const done = await county
        .post(`${path}/void`)
        .type('form')
        .send({ _csrf: csrfFrom(ask.text), reason: '金额登记错误', confirmed: '1' });
      expect(done.status).toBe(303);
      const voided = await t.db.getRepository(DonationReceipt).findOneByOrFail({ id: first.id });
      expect(voided).toMatchObject({ receiptNo: first.receiptNo, voidReason: '金额登记错误' });
      expect(voided.voidedAt).toBeInstanceOf(Date);
      expect((await t.app.get(DonationTotalsService).ofProject(projectX.id)).receivedFen).toBe(before - first.amountFen);
      expect(await t.db.getRepository(AuditLog).countBy({ action: 'donation-receipt.void', entityId: String(first.id) })).toBe(1);
      const show = visible((await county.get(path).expect(200)).text);
      expect(show).toContain('已作废');
      expect(show).toContain('金额登记错误');
      expect(visible((await county.get('/county/donations')).text)).toContain(`${first.receiptNo}`);
      const print = visible((await county.get(`${path}/print`).expect(200)).text);
      expect(print).toContain('已作废');
      // Voided twice: refused, nothing changes.
      await refused(
        () =>
          county
            .post(`${path}/void`)
            .type('form')
            .send({ _csrf: csrfFrom(ask.text), reason: '再次作废', confirmed: '1' }),
        409,
        `票据 ${first.receiptNo} 已于`,
      );
    });
  });

  describe('two voids of one receipt at the same moment', () => {
    it('lets exactly one through and audits it once', async () => {
      const receipt = (await receipts('341321'))[3];
      const path = `/county/donations/receipts/${receipt.id}/void`;
      const _csrf = csrfFrom((await county.get('/login')).text);
      const answers = await Promise.all(
        ['第一次', '第二次'].map((reason) => county.post(path).type('form').send({ _csrf, reason, confirmed: '1' })),
      );
      expect(answers.map((r) => r.status).sort()).toEqual([303, 409]);
      expect(await t.db.getRepository(AuditLog).countBy({ action: 'donation-receipt.void', entityId: String(receipt.id) })).toBe(1);
    });
  });

  describe('another office’s receipt in the URL', () => {
    it('is not found for another county or the city office, and nothing changes', async () => {
      const [receiptY] = await receipts('341322');
      const path = `/county/donations/receipts/${receiptY.id}`;
      await county.get(path).expect(404);
      await county.get(`${path}/print`).expect(404);
      await refused(() => submitForm(county, '/county/donations', `${path}/void`, { reason: '越权', confirmed: '1' }), 404, '不存在');
      await organiser.get(`/admin/donations/receipts/${receiptY.id}`).expect(404);
      await county.get('/county/donations/receipts/4294967296').expect(404);
      await county.get('/county/donations/receipts/abc/print').expect(404);
    });
  });

  describe('the city office', () => {
    it('records undirected money to the city fund, numbered JZ-SZ, and lists only its own pledges', async () => {
      const page = visible((await organiser.get('/admin/donations/receipts').expect(200)).text);
      expect(page).toContain(cityPledge.pledgeNo);
      expect(page).not.toContain(pledgeX.pledgeNo);
      expect(page).not.toContain('JZ-341321');
      const res = await submitForm(organiser, CITY_NEW, CITY_POST, {
        pledgeId: String(cityPledge.id),
        amount: '20000',
        receivedOn: TODAY,
        bankReference: 'AB2020-001',
      });
      expect(res.status).toBe(303);
      const noPledge = await submitForm(organiser, CITY_NEW, CITY_POST, {
        donorKind: 'person',
        donorName: '赵六',
        target: 'fund',
        amount: '5',
        receivedOn: TODAY,
      });
      expect(noPledge.status).toBe(303);
      const city = await receipts('city');
      expect(city.map((r) => [r.receiptNo, r.countyId, r.projectId])).toEqual([
        [`JZ-SZ-${YEAR}-00001`, null, null],
        [`JZ-SZ-${YEAR}-00002`, null, null],
      ]);
      // The city office takes no county project, nor a county's pledge.
      await refused(
        () =>
          submitForm(organiser, CITY_NEW, CITY_POST, {
            donorKind: 'person',
            donorName: '赵六',
            target: String(projectX.id),
            amount: '5',
            receivedOn: TODAY,
          }),
        422,
        '请选择本单位已发布的项目',
      );
      await refused(
        () => submitForm(organiser, CITY_NEW, CITY_POST, { pledgeId: String(pledgeX.id), amount: '5', receivedOn: TODAY }),
        404,
        '不存在',
      );
    });
  });

  describe('the print page', () => {
    it('is the donor’s A4 receipt: office, number, real name, amount in figures and capitals, purpose, date, reference', async () => {
      const receipt = (await receipts('341321'))[1];
      const html = (await county.get(`/county/donations/receipts/${receipt.id}/print`).expect(200)).text;
      const text = visible(html);
      expect(html).toContain('/static/css/donation-receipt.css');
      expect(html).not.toContain('class="site-nav'); // the print layout, without the menu
      for (const part of [
        '捐赠票据',
        receipt.receiptNo,
        '王小明',
        '¥700.50',
        '人民币 柒佰元伍角',
        '砀山县良梨镇酥梨冷库',
        `${Number(YEAR)}年`,
        '砀山县扶贫开发局',
        pledgeX.pledgeNo,
      ]) {
        expect(text).toContain(part);
      }
      expect(text).not.toContain('已作废');
    });
  });

  describe('ReceiptsService.list', () => {
    it('pages an office’s receipts newest first, and leaves voided ones out when asked', async () => {
      const service = t.app.get(ReceiptsService);
      const all = await service.list({ office: '341321' }, 1, 2);
      expect(all.total).toBe(5);
      expect(all.items.map((r) => r.receiptNo)).toEqual([`JZ-341321-${YEAR}-00005`, `JZ-341321-${YEAR}-00004`]);
      expect((await service.list({ office: '341321' }, 3, 2)).items.map((r) => r.receiptNo)).toEqual([`JZ-341321-${YEAR}-00001`]);
      expect((await service.list({ office: '341321', includeVoided: false })).total).toBe(3); // 00001 and 00004 were voided
      expect((await service.list({ projectId: projectX.id, includeVoided: false })).items.every((r) => r.projectId === projectX.id)).toBe(
        true,
      );
    });
  });

  describe('an archived fair', () => {
    it('keeps its receipts read-only', async () => {
      const fairs = t.db.getRepository(Fair);
      const fair = await fairs.findOneByOrFail({ current: true });
      const receipt = await makeReceipt(t.db, projectX, countyX, { receiptNo: `JZ-341321-${YEAR}-90000`, bankReference: null });
      await fairs.update(fair.id, { status: 'archived' });
      try {
        const path = `/county/donations/receipts/${receipt.id}`;
        const token = csrfFrom((await county.get('/login')).text);
        await refused(
          () => county.post(`${path}/void`).type('form').send({ _csrf: token, reason: '归档后作废', confirmed: '1' }),
          409,
          '已归档',
        );
        await refused(
          () =>
            county
              .post(COUNTY_POST)
              .type('form')
              .send({ _csrf: token, pledgeId: String(fundPledgeX.id), amount: '5', receivedOn: TODAY }),
          409,
          '已归档',
        );
        // The refused post showed the form again with the message; a new form is refused outright.
        const form = await county.get(COUNTY_NEW).expect(409);
        expect(visible(form.text)).toContain('已归档');
      } finally {
        await fairs.update(fair.id, { status: fair.status });
      }
    });
  });
});
