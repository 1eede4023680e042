import request from 'supertest';
import { SessionRecord } from '../src/auth/session.entity';
import { BuyerUnit } from '../src/buyers/buyer-unit.entity';
import { formatFen } from '../src/common/money';
import type { County } from '../src/counties/county.entity';
import { IntentLine } from '../src/intents/intent-line.entity';
import type { IntentStatus } from '../src/intents/intent-status';
import { Intent } from '../src/intents/intent.entity';
import { Objection } from '../src/objections/objection.entity';
import type { Product } from '../src/products/product.entity';
import { FairTotalsService } from '../src/intents/fair-totals.service';
import { makeBuyerUnit, makeCounty, makeIntent, makeProduct, currentFairId, refreshAggregates } from './support/factories';
import { honourRoll, rowCells, section } from './support/gongshi-page';
import { createTestApp, type TestApp } from './support/test-app';

/** One intended line as the test creates it, with what the organiser later recorded. */
interface LineSpec {
  unit: () => BuyerUnit;
  product: () => Product;
  quantity: number;
  signed?: number;
  delivered?: number;
}

describe('the public results page (公示)', () => {
  let t: TestApp;
  let dangshan: County;
  let xiaoxian: County;
  let lingbi: County;
  let pear: Product;
  let syrup: Product;
  let grape: Product;
  let school: BuyerUnit;
  let hospital: BuyerUnit;
  let canteen: BuyerUnit;
  /** Lines of counted intents: the expectations are computed from these, to the fen. */
  let counted: LineSpec[];

  async function intentWith(unit: BuyerUnit, lines: LineSpec[], status: IntentStatus = 'submitted'): Promise<Intent> {
    const intent = await makeIntent(
      t.db,
      unit,
      lines.map((l) => ({ product: l.product(), quantity: l.quantity })),
      { status },
    );
    for (const l of lines) {
      if (l.signed === undefined && l.delivered === undefined) continue;
      await t.db
        .getRepository(IntentLine)
        .update(
          { intentId: intent.id, productId: l.product().id },
          { signedQuantity: l.signed ?? null, deliveredQuantity: l.delivered ?? null },
        );
    }
    return intent;
  }

  /** Σ quantity × price over the counted lines that match, for intended, signed and delivered. */
  function expected(match: (l: LineSpec) => boolean) {
    const lines = counted.filter(match);
    const sum = (q: (l: LineSpec) => number) => lines.reduce((s, l) => s + q(l) * l.product().priceFen, 0);
    return {
      units: new Set(lines.map((l) => l.unit().id)).size,
      intendedFen: sum((l) => l.quantity),
      signedFen: sum((l) => l.signed ?? 0),
      deliveredFen: sum((l) => l.delivered ?? 0),
    };
  }

  beforeAll(async () => {
    t = await createTestApp();
    dangshan = await makeCounty(t.db, { name: '砀山县' });
    xiaoxian = await makeCounty(t.db, { name: '萧县' });
    lingbi = await makeCounty(t.db, { name: '灵璧县' });
    pear = await makeProduct(t.db, dangshan, { name: '砀山酥梨', priceFen: 5800 });
    syrup = await makeProduct(t.db, dangshan, { name: '梨膏', priceFen: 3850 });
    grape = await makeProduct(t.db, xiaoxian, { name: '萧县葡萄', priceFen: 1275 });
    school = await makeBuyerUnit(t.db, { name: '宿州市演示实验中学', type: '学校' });
    hospital = await makeBuyerUnit(t.db, { name: '宿州市不公开名称医院', type: '医院', anonymous: true });
    canteen = await makeBuyerUnit(t.db, { name: '宿州市演示机关食堂', type: '食堂' });

    const schoolLines: LineSpec[] = [
      { unit: () => school, product: () => pear, quantity: 80, signed: 60, delivered: 57 },
      { unit: () => school, product: () => grape, quantity: 33 },
    ];
    const hospitalLines: LineSpec[] = [
      { unit: () => hospital, product: () => syrup, quantity: 15 },
      { unit: () => hospital, product: () => grape, quantity: 101, signed: 100, delivered: 91 },
    ];
    const canteenLines: LineSpec[] = [{ unit: () => canteen, product: () => pear, quantity: 7, signed: 7 }];
    await intentWith(school, schoolLines);
    await intentWith(hospital, hospitalLines, 'confirmed');
    await intentWith(canteen, canteenLines, 'signed');
    // Not demand: a withdrawn and a cancelled intent.
    await intentWith(canteen, [{ unit: () => canteen, product: () => syrup, quantity: 999 }], 'withdrawn');
    await intentWith(school, [{ unit: () => school, product: () => syrup, quantity: 555 }], 'cancelled');
    counted = [...schoolLines, ...hospitalLines, ...canteenLines];
  });
  afterAll(() => t.close());

  it('is open without logging in and listed in the public menu', async () => {
    const res = await request(t.http).get('/gongshi').expect(200);
    expect(res.text).toContain('采购情况公示');
    expect(res.text).toMatch(/<li><a href="\/gongshi"[^>]*>公示<\/a><\/li>/);
  });

  it('shows each county’s intended, signed and delivered amounts apart, equal to FairTotalsService’s to the fen', async () => {
    const html = (await request(t.http).get('/gongshi')).text;
    const service = await t.app.get(FairTotalsService).byCounty({ fairId: await currentFairId(t.db) });
    for (const county of [dangshan, xiaoxian, lingbi]) {
      const want = expected((l) => l.product().countyId === county.id);
      const fromService = service.find((c) => c.countyId === county.id)!;
      expect([fromService.intendedFen, fromService.signedFen, fromService.deliveredFen]).toEqual([
        want.intendedFen,
        want.signedFen,
        want.deliveredFen,
      ]);
      expect(rowCells(html, county.name)).toEqual([
        String(want.units),
        formatFen(want.intendedFen),
        formatFen(want.signedFen),
        formatFen(want.deliveredFen),
      ]);
    }
    // 砀山县: 80 × 58.00 + 15 × 38.50 + 7 × 58.00, worked out by hand once.
    expect(rowCells(html, '砀山县')[1]).toBe('¥5,623.50');
    expect(rowCells(html, '灵璧县')).toEqual(['0', '¥0.00', '¥0.00', '¥0.00']);
  });

  it('shows per buyer type the named units only, and the anonymous ones in a row of their own', async () => {
    const html = (await request(t.http).get('/gongshi')).text;
    const cells = (w: ReturnType<typeof expected>) => [
      String(w.units),
      formatFen(w.intendedFen),
      formatFen(w.signedFen),
      formatFen(w.deliveredFen),
    ];
    expect(rowCells(html, '学校')).toEqual(cells(expected((l) => l.unit().id === school.id)));
    expect(rowCells(html, '食堂')).toEqual(cells(expected((l) => l.unit().id === canteen.id)));
    // The only hospital is anonymous: a 医院 row would be its amount under its type.
    expect(() => rowCells(html, '医院')).toThrow();
    expect(rowCells(html, '匿名单位')).toEqual(cells(expected((l) => l.unit().id === hospital.id)));
    // Every unit is in exactly one row: the rows add up to FairTotalsService's totals.
    const totals = await t.app.get(FairTotalsService).totals({ fairId: await currentFairId(t.db) });
    expect(rowCells(section(html, 'by-type', 'honour-roll'), '合计')).toEqual(
      cells({ units: totals.buyerUnits, intendedFen: totals.intendedFen, signedFen: totals.signedFen, deliveredFen: totals.deliveredFen }),
    );
  });

  it('shows the headline figures in yuan and in 万元', async () => {
    const html = (await request(t.http).get('/gongshi')).text;
    const all = expected(() => true);
    const totals = await t.app.get(FairTotalsService).totals({ fairId: await currentFairId(t.db) });
    expect([totals.buyerUnits, totals.intents, totals.intendedFen, totals.signedFen, totals.deliveredFen]).toEqual([
      3,
      3,
      all.intendedFen,
      all.signedFen,
      all.deliveredFen,
    ]);
    expect(html).toContain('3 家</span><span class="stat-label">参与采购单位');
    expect(html).toContain('3 份</span><span class="stat-label">采购意向');
    expect(html).toContain(`意向金额 ${formatFen(all.intendedFen)}`);
    expect(html).toContain(`签约金额 ${formatFen(all.signedFen)}`);
    expect(html).toContain(`成交金额 ${formatFen(all.deliveredFen)}`);
    // ¥7,332.00 of intents: 0.73万元.
    expect(all.intendedFen).toBe(733_200);
    expect(html).toContain('0.73万元');
  });

  it('lists the participating units by intended amount, an anonymous one as 匿名单位 without name or type', async () => {
    const html = (await request(t.http).get('/gongshi')).text;
    const roll = honourRoll(html);
    expect(roll).toHaveLength(3);
    expect(roll[0]).toContain(school.name);
    expect(roll[2]).toContain(canteen.name);
    const anonymous = roll[1];
    expect(anonymous).toContain('<strong>匿名单位</strong>');
    expect(anonymous).not.toContain('医院');
    const want = expected((l) => l.unit().id === hospital.id);
    expect(anonymous).toContain(`意向 <span class="nowrap">${formatFen(want.intendedFen)}</span>`);
    expect(anonymous).toContain(`签约 <span class="nowrap">${formatFen(want.signedFen)}</span>`);
    expect(anonymous).toContain(`成交 <span class="nowrap">${formatFen(want.deliveredFen)}</span>`);
    expect(html).not.toContain(hospital.name);
    expect(html).not.toContain('不公开名称');
  });

  it('shows no phone number, contact name or credit code anywhere on the page', async () => {
    const html = (await request(t.http).get('/gongshi')).text;
    for (const unit of [school, hospital, canteen]) {
      expect(html).not.toContain(unit.mobile);
      expect(html).not.toContain(unit.contactName);
      expect(html).not.toContain(unit.creditCode);
    }
    expect(html).not.toContain('联系人');
    expect(html).not.toMatch(/1[3-9]\d{9}/);
  });

  it('shows when the counted data last changed, in Beijing time', async () => {
    const setAll = async (entity: typeof IntentLine | typeof Intent, at: Date) =>
      t.db.createQueryBuilder().update(entity).set({ updatedAt: at }).where('id > 0').execute();
    await setAll(Intent, new Date('2020-10-16T02:00:00Z'));
    await setAll(IntentLine, new Date('2020-10-16T03:00:00Z'));
    await t.db
      .createQueryBuilder()
      .update(BuyerUnit)
      .set({ updatedAt: new Date('2020-10-15T00:00:00Z') })
      .where('id > 0')
      .execute();
    const [line] = await t.db.getRepository(IntentLine).find({ order: { id: 'ASC' }, take: 1 });
    await t.db
      .createQueryBuilder()
      .update(IntentLine)
      .set({ updatedAt: new Date('2020-10-17T01:30:00Z') })
      .where('id = :id', { id: line.id })
      .execute();
    // Written behind the app's back: the aggregates (whose rows carry the time) are recomputed.
    await refreshAggregates(t.db);

    const html = (await request(t.http).get('/gongshi')).text;
    expect(html).toContain('数据更新时间：2020年10月17日 09:30（北京时间）');
  });

  it('shows the objection counts and links to the objection form', async () => {
    const repo = t.db.getRepository(Objection);
    await repo.save([
      repo.create({
        fairId: await currentFairId(t.db),
        subjectType: 'figure',
        subject: '意向金额',
        text: '数据与实际不符，请核实。',
        status: 'open',
      }),
      repo.create({
        fairId: await currentFairId(t.db),
        subjectType: 'figure',
        subject: '爱心榜',
        text: '名单有误，请核实。',
        status: 'answered',
        answer: '已核实。',
        answeredAt: new Date(),
      }),
      repo.create({
        fairId: await currentFairId(t.db),
        subjectType: 'product',
        productId: pear.id,
        text: '不是扶贫产品。',
        contact: '13912345678',
        status: 'closed',
        answer: '已核实。',
        answeredAt: new Date(),
      }),
    ]);
    const html = (await request(t.http).get('/gongshi')).text;
    expect(html).toContain('3 件</span><span class="stat-label">收到异议');
    expect(html).toContain('2 件</span><span class="stat-label">已答复');
    expect(html).toContain('1 件</span><span class="stat-label">待答复');
    expect(html).toContain('<a class="button primary" href="/objections/new">提出异议</a>');
    // Counts only: no objection's text, answer or contact.
    expect(html).not.toContain('不是扶贫产品');
    expect(html).not.toContain('13912345678');
    // An objection is data on the page too: its change moves the time shown.
    expect(html).not.toContain('数据更新时间：2020年10月17日 09:30');
  });

  it('gives a visitor no cookie at all and writes no session', async () => {
    const before = await t.db.getRepository(SessionRecord).count();
    const res = await request(t.http).get('/gongshi').expect(200);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.text).not.toContain('name="_csrf"');
    expect(await t.db.getRepository(SessionRecord).count()).toBe(before);
  });
});
