import type { BuyerUnit } from '../src/buyers/buyer-unit.entity';
import { fenToChineseCapitals, formatFen } from '../src/common/money';
import { LETTER_CLAUSES } from '../src/exports/letters.writer';
import type { Intent } from '../src/intents/intent.entity';
import { makeBuyerUnit, makeCounty, makeIntent, makeProduct, makeUser } from './support/factories';
import { type Agent, signedIn } from './support/http';
import { createTestApp, type TestApp } from './support/test-app';

/** The 购销意向书 as a print-ready page: /my/intents/:id/letter and /admin/intents/:id/letter. */
describe('购销意向书 as a print-ready page', () => {
  let t: TestApp;
  let school: BuyerUnit;
  let intent: Intent;
  let asSchool: Agent;
  let asHospital: Agent;
  let asOrganiser: Agent;
  const lines = [
    { name: '砀山酥梨（金盖酥）', supplier: '砀山县演示果业专业合作社', county: '砀山县', priceFen: 5800, quantity: 15, unit: '箱' },
    { name: '萧县葡萄（玫瑰香）', supplier: '萧县演示葡萄专业合作社', county: '萧县', priceFen: 1250, quantity: 40, unit: '公斤' },
    { name: '黄桃罐头', supplier: '砀山县演示罐头有限公司', county: '砀山县', priceFen: 4990, quantity: 7, unit: '箱' },
  ];
  const totalFen = lines.reduce((s, l) => s + l.priceFen * l.quantity, 0);

  beforeAll(async () => {
    t = await createTestApp();
    const counties = {
      砀山县: await makeCounty(t.db, { code: '341321', name: '砀山县' }),
      萧县: await makeCounty(t.db, { code: '341322', name: '萧县' }),
    };
    const products = [];
    for (const l of lines) {
      products.push(
        await makeProduct(t.db, counties[l.county as keyof typeof counties], {
          name: l.name,
          supplierName: l.supplier,
          priceFen: l.priceFen,
          unit: l.unit,
        }),
      );
    }
    school = await makeBuyerUnit(t.db, { name: '宿州市演示实验中学', type: '学校', address: '宿州市埇桥区演示路1号' });
    const hospital = await makeBuyerUnit(t.db, { name: '宿州市演示人民医院', type: '医院' });
    intent = await makeIntent(
      t.db,
      school,
      products.map((product, i) => ({ product, quantity: lines[i].quantity })),
      { desiredDeliveryDate: '2020-10-20' },
    );
    asSchool = await signedIn(t.http, (await makeUser(t.db, 'buyer', { buyerUnitId: school.id })).username);
    asHospital = await signedIn(t.http, (await makeUser(t.db, 'buyer', { buyerUnitId: hospital.id })).username);
    asOrganiser = await signedIn(t.http, (await makeUser(t.db, 'organiser')).username);
  });
  afterAll(() => t.close());

  it('shows 甲方, every line with 单价/数量/金额, the total in figures and capitals, the delivery date, the clauses and a signature band per party', async () => {
    const res = await asSchool.get(`/my/intents/${intent.id}/letter`).expect(200);
    const html = res.text;
    expect(html).toContain('<h1>购销意向书</h1>');
    expect(html).toContain('/static/css/letter.css');
    expect(html).not.toContain('class="site-header"'); // the print layout
    expect(html).toContain(intent.referenceNo);
    expect(html).toContain('宿州市演示实验中学');
    expect(html).toContain('宿州市埇桥区演示路1号');
    for (const l of lines) {
      const row = new RegExp(
        `<td data-label="县区">${l.county}</td><td data-label="乙方">${l.supplier}</td><td data-label="产品">${l.name}</td><td data-label="规格">[^<]*</td>` +
          `<td data-label="单价" class="num">${formatFen(l.priceFen)}</td><td data-label="数量" class="num">${l.quantity} ${l.unit}</td>` +
          `<td data-label="金额" class="num">${formatFen(l.priceFen * l.quantity)}</td>`,
      );
      expect(html).toMatch(row);
    }
    expect(html).toContain(`<strong>${formatFen(totalFen)}</strong>`);
    expect(html).toContain(fenToChineseCapitals(totalFen));
    expect(html).toContain('2020年10月20日');
    for (const clause of LETTER_CLAUSES) expect(html).toContain(clause);
    // 甲方 and the three suppliers: two bands of two parties.
    expect(html.match(/class="sign-band"/g)).toHaveLength(2);
    expect(html).toContain('甲方（盖章）：宿州市演示实验中学');
    for (const l of lines) expect(html).toContain(`乙方（盖章）：${l.county} ${l.supplier}`);
    expect(html.match(/代表签字：/g)).toHaveLength(4);
  });

  it('is linked from the intent pages beside 下载意向书', async () => {
    const mine = await asSchool.get(`/my/intents/${intent.id}`).expect(200);
    expect(mine.text).toContain(`href="/my/intents/${intent.id}/letter"`);
    const admin = await asOrganiser.get(`/admin/intents/${intent.id}`).expect(200);
    expect(admin.text).toContain(`href="/admin/intents/${intent.id}/letter"`);
  });

  it('the organiser reads it too; another unit gets 403', async () => {
    const admin = await asOrganiser.get(`/admin/intents/${intent.id}/letter`).expect(200);
    expect(admin.text).toContain(fenToChineseCapitals(totalFen));
    expect(admin.text).toContain(`href="/admin/intents/${intent.id}"`);
    const other = await asHospital.get(`/my/intents/${intent.id}/letter`);
    expect(other.status).toBe(403);
    expect(other.text).not.toContain('宿州市演示实验中学');
    expect((await asSchool.get(`/admin/intents/${intent.id}/letter`)).status).toBe(403);
    expect((await asSchool.get('/my/intents/999999/letter')).status).toBe(404);
  });

  it('marks a withdrawn intent’s letter as not for signing', async () => {
    const withdrawn = await makeIntent(t.db, school, [], { status: 'withdrawn' });
    const res = await asSchool.get(`/my/intents/${withdrawn.id}/letter`).expect(200);
    expect(res.text).toContain('本意向当前为“已撤回”，本意向书仅供查阅，不作签约依据。');
  });
});
