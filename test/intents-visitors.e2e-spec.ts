import request from 'supertest';
import { IsNull } from 'typeorm';
import { SessionRecord } from '../src/auth/session.entity';
import { TypeormSessionStore } from '../src/auth/typeorm-session-store';
import { IntentListItem } from '../src/intents/intent-list-item.entity';
import { MAX_VISITOR_LINES } from '../src/intents/intent-list.service';
import { VISITOR_LIST_WRITES_PER_MINUTE } from '../src/intents/intent-list.throttle';
import type { Product } from '../src/products/product.entity';
import { dbSnapshot } from './support/db-snapshot';
import { makeBuyerUnit, makeCounty, makeProduct, makeUser, currentFairId } from './support/factories';
import { type Agent, csrfFrom, signedIn } from './support/http';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * Intent lists of visitors (not signed in): what anonymous clients can write is bounded —
 * additions are throttled per address, a list is capped — and a list goes with its session.
 * The app trusts one proxy here, so each test comes from an address of its own.
 */
describe('visitors’ intent lists: throttled, capped, deleted with their session', () => {
  let t: TestApp;
  let products: Product[];

  beforeAll(async () => {
    t = await createTestApp({ TRUST_PROXY: '1' });
    const county = await makeCounty(t.db);
    products = [];
    for (let i = 0; i <= MAX_VISITOR_LINES; i++) products.push(await makeProduct(t.db, county, { minOrder: 1 }));
  });
  afterAll(() => t.close());

  /** A visitor's browser at `address`, with a CSRF token from a page with a form. */
  async function visitor(address: string) {
    const agent = request.agent(t.http);
    const page = await agent.get('/login').set('X-Forwarded-For', address).expect(200);
    let csrf = csrfFrom(page.text);
    return {
      agent,
      async add(product: Product) {
        const res = await agent
          .post('/intent-list/items')
          .set('X-Forwarded-For', address)
          .type('form')
          .send({ _csrf: csrf, productId: String(product.id) });
        // Once a session exists the token is bound to it: take the next one from the list page.
        if (res.status === 303) csrf = csrfFrom((await agent.get('/intent-list').set('X-Forwarded-For', address)).text);
        return res;
      },
    };
  }
  const sessionRows = () => t.db.getRepository(SessionRecord).count();
  /** The session of the visitor who added last. */
  const latestVisitorSid = async () =>
    (await t.db.getRepository(IntentListItem).findOneOrFail({ where: { buyerUnitId: IsNull() }, order: { id: 'DESC' } })).visitorSessionId!;

  it('refuses a burst of anonymous additions from one address after the limit, bounding the rows written', async () => {
    const address = '203.0.113.10';
    // What a script does: one token with its cookie, then additions that keep no session cookie.
    const page = await request(t.http).get('/login').set('X-Forwarded-For', address).expect(200);
    const cookie = page.headers['set-cookie'] as unknown as string[];
    const _csrf = csrfFrom(page.text);
    const sessionsBefore = await sessionRows();
    const itemsBefore = await t.db.getRepository(IntentListItem).count();
    const burst = VISITOR_LIST_WRITES_PER_MINUTE + 20;
    const statuses: number[] = [];
    let refusal = '';
    for (let i = 0; i < burst; i++) {
      const res = await request(t.http)
        .post('/intent-list/items')
        .set('X-Forwarded-For', address)
        .set('Cookie', cookie)
        .type('form')
        .send({ _csrf, productId: String(products[0].id) });
      statuses.push(res.status);
      if (res.status === 429) refusal = res.text;
    }
    expect(statuses.filter((s) => s === 303)).toHaveLength(VISITOR_LIST_WRITES_PER_MINUTE);
    expect(statuses.filter((s) => s === 429)).toHaveLength(burst - VISITOR_LIST_WRITES_PER_MINUTE);
    expect(refusal).toContain('操作过于频繁，请稍后再试');
    // One session and one list row per accepted addition, none for a refused one.
    expect((await sessionRows()) - sessionsBefore).toBe(VISITOR_LIST_WRITES_PER_MINUTE);
    expect((await t.db.getRepository(IntentListItem).count()) - itemsBefore).toBe(VISITOR_LIST_WRITES_PER_MINUTE);

    // Counted per address: a visitor elsewhere is not refused.
    expect((await (await visitor('203.0.113.11')).add(products[0])).status).toBe(303);
  });

  it(`caps a visitor’s list at ${MAX_VISITOR_LINES} products with a message, writing nothing more`, async () => {
    const v = await visitor('203.0.113.20');
    expect((await v.add(products[0])).status).toBe(303);
    const sid = await latestVisitorSid();
    const fairId = await currentFairId(t.db);
    // Filled up to the cap directly (the throttle allows fewer additions a minute).
    await t.db
      .getRepository(IntentListItem)
      .insert(products.slice(1, MAX_VISITOR_LINES).map((p) => ({ fairId, visitorSessionId: sid, productId: p.id, quantity: 1 })));
    const before = await dbSnapshot(t.db);
    const res = await v.add(products[MAX_VISITOR_LINES]);
    expect(res.status).toBe(409);
    expect(res.text).toContain(`未登录时意向清单最多 ${MAX_VISITOR_LINES} 种产品，请登录或注册后继续添加`);
    expect(await dbSnapshot(t.db)).toEqual(before);
    expect(await t.db.getRepository(IntentListItem).countBy({ visitorSessionId: sid })).toBe(MAX_VISITOR_LINES);

    // A buyer unit's list is not held to the visitors' cap.
    const unit = await makeBuyerUnit(t.db);
    await t.db
      .getRepository(IntentListItem)
      .insert(products.slice(0, MAX_VISITOR_LINES).map((p) => ({ fairId, buyerUnitId: unit.id, productId: p.id, quantity: 1 })));
    const buyer = await signedIn(t.http, (await makeUser(t.db, 'buyer', { buyerUnitId: unit.id })).username);
    const form = csrfFrom((await buyer.get('/intent-list')).text);
    const added = await buyer
      .post('/intent-list/items')
      .type('form')
      .send({ _csrf: form, productId: String(products[MAX_VISITOR_LINES].id) });
    expect(added.status).toBe(303);
    expect(await t.db.getRepository(IntentListItem).countBy({ buyerUnitId: unit.id })).toBe(MAX_VISITOR_LINES + 1);
  });

  it('deletes the lists of expired visitor sessions when expired sessions are pruned, never a unit’s list', async () => {
    const expiring = await visitor('203.0.113.30');
    const staying = await visitor('203.0.113.31');
    expect((await expiring.add(products[1])).status).toBe(303);
    const expiringSid = await latestVisitorSid();
    expect((await staying.add(products[2])).status).toBe(303);
    const stayingSid = await latestVisitorSid();
    const unit = await makeBuyerUnit(t.db);
    const user = await makeUser(t.db, 'buyer', { buyerUnitId: unit.id });
    const asBuyer: Agent = await signedIn(t.http, user.username);
    const _csrf = csrfFrom((await asBuyer.get('/intent-list')).text);
    await asBuyer
      .post('/intent-list/items')
      .type('form')
      .send({ _csrf, productId: String(products[3].id) })
      .expect(303);
    const buyerSid = (await t.db.getRepository(SessionRecord).find()).find((s) => JSON.parse(s.data).userId === user.id)!.sid;

    // The visitor's session and the buyer's have expired; the store's periodic prune runs.
    const past = new Date(Date.now() - 60_000);
    await t.db.getRepository(SessionRecord).update({ sid: expiringSid }, { expiresAt: past });
    await t.db.getRepository(SessionRecord).update({ sid: buyerSid }, { expiresAt: past });
    const store = new TypeormSessionStore(t.db);
    try {
      expect(await store.prune()).toBeGreaterThanOrEqual(2);
    } finally {
      store.close();
    }

    expect(await t.db.getRepository(IntentListItem).countBy({ visitorSessionId: expiringSid })).toBe(0);
    expect(await t.db.getRepository(IntentListItem).countBy({ visitorSessionId: stayingSid })).toBe(1);
    expect(await t.db.getRepository(IntentListItem).countBy({ buyerUnitId: unit.id, productId: products[3].id })).toBe(1);
    // Every visitor row left belongs to a live session.
    const orphans = (await t.db.getRepository(IntentListItem).find()).filter((i) => i.buyerUnitId === null);
    const live = new Set((await t.db.getRepository(SessionRecord).find()).map((s) => s.sid));
    expect(orphans.length).toBeGreaterThan(0);
    expect(orphans.filter((i) => !live.has(i.visitorSessionId!))).toEqual([]);
  });

  it('moves a visitor’s list to the unit at log-in and leaves no visitor rows behind', async () => {
    const v = await visitor('203.0.113.40');
    expect((await v.add(products[4])).status).toBe(303);
    const sid = await latestVisitorSid();
    const unit = await makeBuyerUnit(t.db);
    const user = await makeUser(t.db, 'buyer', { buyerUnitId: unit.id });
    const loginPage = await v.agent.get('/login').set('X-Forwarded-For', '203.0.113.40');
    const login = await v.agent
      .post('/login')
      .set('X-Forwarded-For', '203.0.113.40')
      .type('form')
      .send({ _csrf: csrfFrom(loginPage.text), username: user.username, password: 'test-password-1' });
    expect(login.status).toBe(303);
    expect(await t.db.getRepository(IntentListItem).countBy({ visitorSessionId: sid })).toBe(0);
    expect(await t.db.getRepository(SessionRecord).countBy({ sid })).toBe(0);
    expect((await t.db.getRepository(IntentListItem).findBy({ buyerUnitId: unit.id })).map((i) => i.productId)).toEqual([products[4].id]);
  });
});
