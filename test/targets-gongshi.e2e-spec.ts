import request from 'supertest';
import { formatFen } from '../src/common/money';
import { PurchaseTarget } from '../src/targets/purchase-target.entity';
import { currentFairId, makeBuyerUnit, makeCounty, makeIntent, makeProduct, validCreditCode } from './support/factories';
import { section } from './support/gongshi-page';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * 公示 of targets must not let a reader derive an anonymous unit's target or amounts beside
 * its type: one anonymous 机关事业单位 among named ones. A 机关事业单位 row summing all three
 * minus the two named rows listed below would be the anonymous unit's figures, with its type.
 */
describe('公示 of targets with an anonymous unit among named units of its type', () => {
  let t: TestApp;
  const fen = (yuan: number) => yuan * 100;
  const plan = [
    { name: '宿州市演示财政局', anonymous: false, target: 30000, bought: 1200 },
    { name: '宿州市演示教育局', anonymous: false, target: 20000, bought: 3400 },
    { name: '宿州市不公开名称局', anonymous: true, target: 7777, bought: 567 },
  ];
  const waiting = { name: '宿州市演示未注册局', target: 5000 };
  const anon = plan[2];

  beforeAll(async () => {
    t = await createTestApp();
    const fairId = await currentFairId(t.db);
    const product = await makeProduct(t.db, await makeCounty(t.db), { priceFen: 100 });
    const repo = t.db.getRepository(PurchaseTarget);
    for (const p of plan) {
      const unit = await makeBuyerUnit(t.db, { name: p.name, type: '机关事业单位', anonymous: p.anonymous });
      await makeIntent(t.db, unit, [{ product, quantity: p.bought }]);
      await repo.insert({
        fairId,
        creditCode: unit.creditCode,
        unitName: p.name,
        unitType: '机关事业单位',
        targetFen: fen(p.target),
        buyerUnitId: unit.id,
      });
    }
    await repo.insert({
      fairId,
      creditCode: validCreditCode('11'),
      unitName: waiting.name,
      unitType: '机关事业单位',
      targetFen: fen(waiting.target),
      buyerUnitId: null,
    });
  });
  afterAll(() => t.close());

  const rowOf = (html: string, header: string) => {
    const m = new RegExp(`<tr><th scope="row" class="target-type">${header}</th>(.*?)</tr>`).exec(html);
    if (!m) throw new Error(`no row ${header}`);
    return [...m[1].matchAll(/<td class="num">(.*?)<\/td>/g)].map((c) => c[1]);
  };

  it('sums only units that did not choose anonymity in the type row, and the anonymous one in its own row', async () => {
    const html = section((await request(t.http).get('/gongshi').expect(200)).text, 'targets', 'zzz-none');
    const named = plan.filter((p) => !p.anonymous);
    const target = named.reduce((s, p) => s + p.target, 0) + waiting.target;
    const bought = named.reduce((s, p) => s + p.bought, 0);
    expect(rowOf(html, '机关事业单位').slice(0, 3)).toEqual(['3', formatFen(fen(target)), formatFen(fen(bought))]);
    expect(rowOf(html, '匿名单位').slice(0, 3)).toEqual(['1', formatFen(fen(anon.target)), formatFen(fen(anon.bought))]);
  });

  it('lists named registered units only, and shows no sum that includes the anonymous unit beside a type', async () => {
    const page = (await request(t.http).get('/gongshi')).text;
    const html = section(page, 'targets', 'zzz-none');
    expect(html).toContain('宿州市演示财政局');
    expect(html).not.toContain(anon.name);
    expect(page).not.toContain(anon.name);
    // What a reader could subtract: every target of the type, and every unit's purchases of it.
    const allTargets = plan.reduce((s, p) => s + p.target, 0) + waiting.target;
    const typeWithAnon = rowOf(html, '机关事业单位');
    expect(typeWithAnon).not.toContain(formatFen(fen(allTargets)));
    expect(typeWithAnon).not.toContain(formatFen(fen(plan.reduce((s, p) => s + p.bought, 0))));
    // The type row minus the named units listed with it is only the unregistered unit's target, with nothing bought.
    const listed = [...html.matchAll(/<tr><th scope="row" class="target-unit">(.*?)<\/th><td>(.*?)<\/td>(.*?)<\/tr>/g)];
    expect(listed.map((m) => m[1]).sort()).toEqual(['宿州市演示教育局', '宿州市演示财政局']);
    // The anonymous unit's target appears once, in the 匿名单位 row (and in the total, which includes everyone).
    expect(html.split(formatFen(fen(anon.target))).length - 1).toBe(1);
  });
});
