import type { County } from '../src/counties/county.entity';
import { IntentLine } from '../src/intents/intent-line.entity';
import { Intent } from '../src/intents/intent.entity';
import type { Product } from '../src/products/product.entity';
import { makeBuyerUnit, makeCounty, makeProduct, makeUser } from './support/factories';
import { csrfFrom, signedIn, type Agent } from './support/http';
import { createTestApp, usingPostgres, type TestApp } from './support/test-app';

const UNITS = 200;
const RETRIES = 20;

/** In batches, so the test itself does not open thousands of sockets at once. */
async function inBatches<T, R>(items: T[], size: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map((x, j) => fn(x, i + j)))));
  return out;
}

describe(`200 submissions at once (${usingPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  let products: Product[];
  let agents: Agent[];

  beforeAll(async () => {
    // 200 units sign in from this one address within seconds: as a deployment whose users share one NAT address would.
    t = await createTestApp({ LOGIN_LIMIT_PER_ADDRESS: '1000' });
    const counties: County[] = [await makeCounty(t.db, { name: '砀山县' }), await makeCounty(t.db, { name: '萧县' })];
    products = [];
    for (let i = 0; i < 5; i++) products.push(await makeProduct(t.db, counties[i % 2], { minOrder: 1, capacity: 100_000 }));
    const users = [];
    for (let i = 0; i < UNITS; i++) {
      const unit = await makeBuyerUnit(t.db);
      users.push(await makeUser(t.db, 'buyer', { buyerUnitId: unit.id }));
    }
    agents = await inBatches(users, 25, (u) => signedIn(t.http, u.username));
    // Each unit gathers 3–5 lines.
    await inBatches(agents, 25, async (agent, i) => {
      const token = csrfFrom((await agent.get('/login')).text);
      for (let k = 0; k < 3 + (i % 3); k++) {
        const res = await agent
          .post('/intent-list/items')
          .type('form')
          .send({ _csrf: token, productId: String(products[k].id), quantity: String(1 + (i % 7)) });
        if (res.status !== 303) throw new Error(`adding failed: ${res.status}`);
      }
    });
  }, 180_000);
  afterAll(() => t.close());

  it('stores every submission exactly once, including retries of the same form', async () => {
    const forms = await inBatches(agents, 25, async (agent) => {
      const page = await agent.get('/intent-list/submit');
      return {
        agent,
        fields: {
          _csrf: csrfFrom(page.text),
          idempotencyKey: /name="idempotencyKey" value="([^"]+)"/.exec(page.text)![1],
          contactName: '联系人',
          contactPhone: '13800000000',
        },
      };
    });
    // All at once: every unit submits, and the first RETRIES units send the same form again.
    const sends = [...forms, ...forms.slice(0, RETRIES)].map(({ agent, fields }) =>
      agent.post('/intent-list/submit').type('form').send(fields),
    );
    const responses = await Promise.all(sends);

    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s !== 303)).toEqual([]);
    for (let i = 0; i < RETRIES; i++) expect(responses[UNITS + i].headers.location).toBe(responses[i].headers.location);

    const intents = await t.db.getRepository(Intent).find();
    expect(intents).toHaveLength(UNITS);
    expect(new Set(intents.map((i) => i.buyerUnitId)).size).toBe(UNITS);
    expect(new Set(intents.map((i) => i.referenceNo)).size).toBe(UNITS);
    const lines = await t.db.getRepository(IntentLine).find();
    const expectedLines = agents.reduce((s, _a, i) => s + 3 + (i % 3), 0);
    expect(lines).toHaveLength(expectedLines);
    for (const intent of intents) expect(lines.some((l) => l.intentId === intent.id)).toBe(true);
    console.log(`stored ${intents.length} of ${UNITS} submissions once (${RETRIES} retries), ${lines.length} lines`);
  }, 120_000);
});
