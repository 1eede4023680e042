import request from 'supertest';
import { formatFen } from '../src/common/money';
import type { County } from '../src/counties/county.entity';
import { DonationProject } from '../src/donations/donation-project.entity';
import { makePledge, makeProject, makeReceipt } from './support/donation-factories';
import { makeCounty } from './support/factories';
import { section } from './support/gongshi-page';
import { createTestApp, usingPostgres, type TestApp } from './support/test-app';

/**
 * 认领认捐 anonymity: a donor who chose 匿名 is never named on a public page or in an API
 * answer, whichever way the record reaches it (the receipt's flag, the pledge's flag, a claim
 * that makes a project 已认领), and no phone number is ever public. The amounts of anonymous
 * gifts are public (they count), listed as 匿名, as the fair's 公示 lists 匿名单位.
 */
describe(`认领认捐 anonymity on every public page and API answer (${usingPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  let county: County;
  const hidden: string[] = [];
  const phones = ['13911112222', '13933334444', '13955556666'];
  let projects: DonationProject[] = [];
  let receiptIds: number[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    county = await makeCounty(t.db, { code: '341321', name: '砀山县' });
    const shares = await makeProject(t.db, county, { title: '分份认捐的梨园灌溉' });
    const claimedAnonymously = await makeProject(t.db, county, { title: '匿名认领的扶贫车间', claimMode: 'whole' });
    const claimedNamedReceivedAnonymously = await makeProject(t.db, county, { title: '署名认领但匿名到账的大棚', claimMode: 'whole' });
    projects = [shares, claimedAnonymously, claimedNamedReceivedAnonymously];
    const receipts = [];

    // 1. An anonymous person's pledge and receipt, beside a named donor of the same project.
    const anonPledge = await makePledge(t.db, shares, {
      donorName: '匿名捐赠的张三丰',
      donorPhone: phones[0],
      anonymous: true,
      amountFen: 123_400,
    });
    receipts.push(
      await makeReceipt(t.db, shares, county, {
        pledgeId: anonPledge.id,
        donorName: '匿名捐赠的张三丰',
        anonymous: true,
        amountFen: 123_400,
      }),
    );
    receipts.push(await makeReceipt(t.db, shares, county, { donorName: '具名捐赠的演示商会', amountFen: 500_000 }));
    // 2. A receipt the office recorded as named, against a pledge whose donor chose 匿名.
    const anonPledge2 = await makePledge(t.db, shares, {
      donorName: '选择匿名的李四光',
      donorPhone: phones[1],
      anonymous: true,
      amountFen: 88_800,
    });
    receipts.push(
      await makeReceipt(t.db, shares, county, {
        pledgeId: anonPledge2.id,
        donorName: '选择匿名的李四光',
        anonymous: false,
        amountFen: 88_800,
      }),
    );
    // 3. A whole project claimed anonymously: 已认领, no name.
    const anonClaim = await makePledge(t.db, claimedAnonymously, {
      claim: true,
      donorKind: 'unit',
      donorName: '匿名认领的演示医院',
      donorPhone: phones[2],
      anonymous: true,
      amountFen: 10_000_000,
    });
    await t.db.getRepository(DonationProject).update(claimedAnonymously.id, { claimedByPledgeId: anonClaim.id });
    receipts.push(
      await makeReceipt(t.db, claimedAnonymously, county, {
        pledgeId: anonClaim.id,
        donorKind: 'unit',
        donorName: '匿名认领的演示医院',
        anonymous: true,
        amountFen: 4_000_000,
      }),
    );
    // 4. A named claim whose money the office recorded as anonymous: the claimer's name would sit beside an anonymous amount.
    const namedClaim = await makePledge(t.db, claimedNamedReceivedAnonymously, {
      claim: true,
      donorName: '到账时改为匿名的演示企业',
      amountFen: 10_000_000,
    });
    await t.db.getRepository(DonationProject).update(claimedNamedReceivedAnonymously.id, { claimedByPledgeId: namedClaim.id });
    receipts.push(
      await makeReceipt(t.db, claimedNamedReceivedAnonymously, county, {
        pledgeId: namedClaim.id,
        donorName: '到账时改为匿名的演示企业',
        anonymous: true,
        amountFen: 2_000_000,
      }),
    );
    // 5. Anonymous money to the county's fund and to the city's fund.
    receipts.push(await makeReceipt(t.db, null, county, { donorName: '匿名给县统筹的王五', anonymous: true, amountFen: 66_600 }));
    receipts.push(await makeReceipt(t.db, null, null, { donorName: '匿名给市统筹的赵六', anonymous: true, amountFen: 77_700 }));
    receiptIds = receipts.map((r) => r.id);
    hidden.push(
      '匿名捐赠的张三丰',
      '选择匿名的李四光',
      '匿名认领的演示医院',
      '到账时改为匿名的演示企业',
      '匿名给县统筹的王五',
      '匿名给市统筹的赵六',
    );
  });
  afterAll(() => t?.close());

  /** Every public page and API answer that shows 认领认捐 data. */
  const publicPaths = () => [
    '/projects',
    '/projects?county=341321',
    '/projects?status=published',
    '/projects/county/341321',
    ...projects.map((p) => `/projects/${p.id}`),
    '/gongshi',
    '/gongshi/donations',
    '/api/projects',
    '/api/projects?county=341321',
    '/api/donations',
    '/api/donations?county=341321',
    ...projects.map((p) => `/api/donations?project=${p.id}`),
    ...projects.map((p) => `/objections/new?project=${p.id}`),
    ...receiptIds.map((id) => `/objections/new?donation=${id}`),
  ];

  it('never names an anonymous donor, nor shows a phone number, anywhere public', async () => {
    for (const path of publicPaths()) {
      const res = await request(t.http).get(path).expect(200);
      const body = res.text;
      for (const name of hidden) expect([path, body.includes(name)]).toEqual([path, false]);
      for (const phone of phones) expect([path, body.includes(phone)]).toEqual([path, false]);
    }
  });

  it('lists each anonymous gift as 匿名 with its amount, and the named one with its name', async () => {
    const html = (await request(t.http).get('/gongshi/donations').expect(200)).text;
    const rows = [
      ...section(html, 'donation-list', 'donation-supervision').matchAll(
        /<td data-label="捐赠人">(.*?)<\/td><td data-label="金额" class="num">(.*?)<\/td>/g,
      ),
    ].map((m) => [m[1], m[2]]);
    expect(rows).toHaveLength(7);
    expect(rows).toContainEqual(['具名捐赠的演示商会', formatFen(500_000)]);
    for (const fen of [123_400, 88_800, 4_000_000, 2_000_000, 66_600, 77_700]) expect(rows).toContainEqual(['匿名', formatFen(fen)]);
    const api = (await request(t.http).get('/api/donations').expect(200)).body.items as { donor: string }[];
    expect(api.filter((d) => d.donor === '匿名')).toHaveLength(6);
  });

  it('shows a claimed project as 已认领 without the name of an anonymous claimer or of a claim received anonymously', async () => {
    for (const p of projects.slice(1)) {
      const html = (await request(t.http).get(`/projects/${p.id}`).expect(200)).text;
      expect(html).toContain('已认领</span>');
      expect(html).not.toContain('已认领：');
    }
  });

  it('prints no per-donor total and no donor kind that could single out an anonymous donor', async () => {
    const html = (await request(t.http).get('/gongshi/donations').expect(200)).text;
    const figures = section(html, 'campaign-totals', 'donation-supervision');
    for (const label of ['帮扶单位', '社会组织/企业', '个人']) expect(figures).not.toContain(label);
    // Every figure is a sum of listed rows: the anonymous gifts' sum is not a figure of its own.
    expect(figures).not.toMatch(/匿名[^<]*合计|匿名捐赠合计/);
  });
});
