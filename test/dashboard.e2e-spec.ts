import { makeBuyerUnit, makeCounty, makeIntent, makeProduct, makeUser, refreshAggregates } from './support/factories';
import { signedIn, type Agent } from './support/http';
import { createTestApp, type TestApp } from './support/test-app';

describe('the organiser’s dashboard', () => {
  let t: TestApp;
  let asOrganiser: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    const dangshan = await makeCounty(t.db, { code: '341321', name: '砀山县', minimumProducts: 2 });
    const xiaoxian = await makeCounty(t.db, { code: '341322', name: '萧县', minimumProducts: 20 });
    const pear = await makeProduct(t.db, dangshan, { name: '砀山酥梨', priceFen: 5800, capacity: 100, unit: '箱' });
    await makeProduct(t.db, dangshan, { name: '梨膏', priceFen: 3800 });
    const grape = await makeProduct(t.db, xiaoxian, { name: '萧县葡萄', priceFen: 1250, capacity: 10_000 });
    const school = await makeBuyerUnit(t.db, { name: '甲中学', type: '学校' });
    const hospital = await makeBuyerUnit(t.db, { name: '乙医院', type: '医院' });
    await makeIntent(t.db, school, [
      { product: pear, quantity: 80 },
      { product: grape, quantity: 100 },
    ]);
    const signed = await makeIntent(t.db, hospital, [{ product: pear, quantity: 40 }], { status: 'signed' });
    await t.db.query(`UPDATE intent_line SET "signedQuantity" = 30 WHERE "intentId" = ${signed.id}`);
    await refreshAggregates(t.db);
    await makeIntent(t.db, hospital, [{ product: pear, quantity: 500 }], { status: 'cancelled' }); // not counted
    asOrganiser = await signedIn(t.http, (await makeUser(t.db, 'organiser')).username);
  });
  afterAll(() => t.close());

  it('shows the totals with intended, signed and delivered amounts kept apart', async () => {
    const page = (await asOrganiser.get('/admin').expect(200)).text;
    // intended: 80×58 + 100×12.5 + 40×58 = 4640 + 1250 + 2320 = 8210
    expect(page).toContain('¥8,210.00');
    expect(page).toContain('¥1,740.00'); // signed: 30 × 58
    expect(page).toContain('¥0.00'); // delivered
    expect(page).toContain('<svg'); // the county chart
    expect(page).toContain('aria-label="各县区意向金额与签约金额（万元）"');
    expect(page).toContain('学校 71.7%'); // 5890 of 8210
  });

  it('lists counties short of their minimum and products over capacity', async () => {
    const page = (await asOrganiser.get('/admin')).text;
    expect(page).toContain('1 个县区未达最少产品数'); // 萧县: 1 of 20
    expect(page).toContain('还差 19 个');
    expect(page).toMatch(
      /砀山酥梨<\/td><td data-label="县区">砀山县<\/td><td data-label="意向数量" class="num">120 箱<\/td><td data-label="可供量" class="num">100 箱<\/td><td data-label="超出" class="num">20 箱/,
    );
  });

  it('filters every figure by county and by buyer type', async () => {
    const byType = (await asOrganiser.get('/admin?type=医院')).text;
    expect(byType).toContain('¥2,320.00'); // only the hospital's 40 × 58
    expect(byType).not.toContain('¥8,210.00');
    const byCounty = (await asOrganiser.get('/admin?county=341322')).text;
    expect(byCounty).toContain('¥1,250.00');
    expect(byCounty).not.toContain('¥8,210.00');
    const bogus = (await asOrganiser.get('/admin?county=nowhere&type=<script>')).text;
    expect(bogus).toContain('¥8,210.00'); // unknown filters are ignored
    expect(bogus).not.toContain('<script>');
  });
});
