import request from 'supertest';
import type { BuyerUnit } from '../src/buyers/buyer-unit.entity';
import { formatFen } from '../src/common/money';
import { IntentLine } from '../src/intents/intent-line.entity';
import { makeBuyerUnit, makeCounty, makeIntent, makeProduct, refreshAggregates } from './support/factories';
import { honourEntry, honourRoll, rowCells, typeRows } from './support/gongshi-page';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * 公示 must not let a reader work out an anonymous unit's type: one anonymous 食堂 among
 * named 食堂 units. Before, the 食堂 row summed all three, and the 食堂 row minus the two
 * named 食堂 on the 爱心榜 gave the anonymous unit's amount, shown there as 匿名单位.
 */
describe('公示 with an anonymous unit among named units of its type', () => {
  let t: TestApp;
  let anonymousCanteen: BuyerUnit;
  /** Per unit: intended, signed and delivered quantities of one product at ¥1.00. */
  const plan: { name: string; type: string; anonymous: boolean; q: [number, number, number] }[] = [
    { name: '宿州市演示机关食堂', type: '食堂', anonymous: false, q: [1200, 1000, 900] },
    { name: '宿州市演示职工食堂', type: '食堂', anonymous: false, q: [3400, 3000, 2800] },
    { name: '宿州市不公开名称食堂', type: '食堂', anonymous: true, q: [567, 543, 521] },
    { name: '宿州市演示实验中学', type: '学校', anonymous: false, q: [890, 70, 60] },
  ];
  const fen = (yuan: number) => yuan * 100;
  const anon = plan[2];

  beforeAll(async () => {
    t = await createTestApp();
    const county = await makeCounty(t.db, { name: '砀山县' });
    const product = await makeProduct(t.db, county, { priceFen: 100 });
    for (const p of plan) {
      const unit = await makeBuyerUnit(t.db, { name: p.name, type: p.type, anonymous: p.anonymous });
      if (p.anonymous) anonymousCanteen = unit;
      const intent = await makeIntent(t.db, unit, [{ product, quantity: p.q[0] }], { status: 'signed' });
      await t.db.getRepository(IntentLine).update({ intentId: intent.id }, { signedQuantity: p.q[1], deliveredQuantity: p.q[2] });
      await refreshAggregates(t.db);
    }
  });
  afterAll(() => t.close());

  it('counts only the named 食堂 in the 食堂 row, and the anonymous unit in the 匿名单位 row', async () => {
    const html = (await request(t.http).get('/gongshi').expect(200)).text;
    const named = plan.filter((p) => p.type === '食堂' && !p.anonymous);
    const sum = (k: number) => formatFen(fen(named.reduce((s, p) => s + p.q[k], 0)));
    expect(rowCells(html, '食堂')).toEqual(['2', sum(0), sum(1), sum(2)]);
    expect(rowCells(html, '匿名单位')).toEqual(['1', ...anon.q.map((q) => formatFen(fen(q)))]);
  });

  it('shows no type row that differs from the sum of the named units the 爱心榜 lists with that type', async () => {
    const html = (await request(t.http).get('/gongshi')).text;
    const entries = honourRoll(html).map(honourEntry);
    const anonymousEntry = entries.find((e) => e.name === '匿名单位')!;
    expect(anonymousEntry.type).toBeNull();
    const rows = typeRows(html).filter((r) => r.header !== '匿名单位');
    expect(rows.map((r) => r.header).sort()).toEqual(['学校', '食堂']);
    for (const row of rows) {
      // What a reader can subtract: the row minus the 爱心榜 entries of its type. It must be nothing.
      const ofType = entries.filter((e) => e.type === row.header);
      const parse = (s: string) => Math.round(Number(s.replace(/[¥,]/g, '')) * 100);
      const summed = [0, 1, 2].map((k) => formatFen(ofType.reduce((s, e) => s + parse(e.amounts[k]), 0)));
      expect(row.cells).toEqual([String(ofType.length), ...summed]);
    }
  });

  it('never shows the anonymous unit’s amounts, or a sum that includes them, beside its type or name', async () => {
    const html = (await request(t.http).get('/gongshi')).text;
    expect(html).not.toContain(anonymousCanteen.name);
    for (const [k, q] of anon.q.entries()) {
      const own = formatFen(fen(q));
      // Its own amount: in its 爱心榜 entry and in the 匿名单位 row, both without a type.
      expect(html.split(own).length - 1).toBe(2);
      // The 食堂 total the page used to show (named 食堂 + the anonymous one) appears nowhere.
      const allCanteens = plan.filter((p) => p.type === '食堂').reduce((s, p) => s + p.q[k], 0);
      expect(html).not.toContain(formatFen(fen(allCanteens)));
    }
  });

  it('gives the public JSON API nothing about buyer units or their amounts', async () => {
    for (const path of ['/api/counties', '/api/products']) {
      const body = JSON.stringify((await request(t.http).get(path).expect(200)).body);
      expect(body).not.toContain('匿名');
      expect(body).not.toContain(anonymousCanteen.name);
      for (const q of anon.q) expect(body).not.toContain(String(fen(q)));
    }
  });
});
