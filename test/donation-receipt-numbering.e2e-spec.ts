import type { DataSource } from 'typeorm';
import { isoDateCst } from '../src/common/dates';
import { DonationReceipt } from '../src/donations/donation-receipt.entity';
import type { Pledge } from '../src/donations/pledge.entity';
import { parseReceiptNo, receiptCounterPrefix } from '../src/donations/receipts/receipt-number';
import { makePledge, makeProject } from './support/donation-factories';
import { makeCounty, makeUser } from './support/factories';
import { csrfFrom, signedIn, type Agent } from './support/http';
import { appEnv, ensureBuilt, openDatabase, startApp, type AppEnv, type SpawnedApp } from './support/spawned-app';
import { createTestApp, createTestDatabase, usingPostgres, type TestApp } from './support/test-app';
import { WebClient, type WebResponse } from './support/web-client';

/**
 * 捐赠票据号 are gap-free and unique per issuing office: under concurrent recording (one
 * office, and several offices at the same moment), with refused receipts among them, and
 * across a SIGKILL of the app between (and during) receipts.
 */

const ENGINE = usingPostgres() ? 'PostgreSQL' : 'SQLite';
const TODAY = isoDateCst();
const YEAR = Number(TODAY.slice(0, 4));

/** The office's receipts' sequence numbers, in number order. */
async function sequences(db: DataSource, office: string): Promise<number[]> {
  const rows = await db.getRepository(DonationReceipt).find({ where: { office }, select: { receiptNo: true } });
  return rows.map((r) => parseReceiptNo(r.receiptNo)!.seq).sort((a, b) => a - b);
}

const oneToN = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** The counter's value for the office this year: the last number handed out. */
async function counterValue(db: DataSource, office: string): Promise<number> {
  const p = db.options.type === 'postgres' ? '$1' : '?';
  const rows: { value: number | string }[] = await db.query(`SELECT value FROM reference_counter WHERE prefix = ${p}`, [
    receiptCounterPrefix(office, YEAR),
  ]);
  return rows.length ? Number(rows[0].value) : 0;
}

describe(`捐赠票据 numbering under concurrent recording (${ENGINE})`, () => {
  let t: TestApp;
  let pledgeA: Pledge;
  let pledgeB: Pledge;
  let cityPledge: Pledge;
  let officeA: Agent;
  let officeB: Agent;
  let city: Agent;
  const tokens = new Map<Agent, string>();

  beforeAll(async () => {
    t = await createTestApp();
    const countyA = await makeCounty(t.db, { code: '341321', name: '砀山县' });
    const countyB = await makeCounty(t.db, { code: '341322', name: '萧县' });
    pledgeA = await makePledge(t.db, await makeProject(t.db, countyA), { amountFen: 100_000_000 });
    pledgeB = await makePledge(t.db, null, { countyId: countyB.id, amountFen: 100_000_000 });
    cityPledge = await makePledge(t.db, null, { amountFen: 100_000_000 });
    officeA = await signedIn(t.http, (await makeUser(t.db, 'county', { countyId: countyA.id })).username);
    officeB = await signedIn(t.http, (await makeUser(t.db, 'county', { countyId: countyB.id })).username);
    city = await signedIn(t.http, (await makeUser(t.db, 'organiser')).username);
    for (const agent of [officeA, officeB, city]) tokens.set(agent, csrfFrom((await agent.get('/login')).text));
  });
  afterAll(() => t?.close());

  /** One receipt request, as the form posts it. */
  function record(agent: Agent, pledge: Pledge, fields: Record<string, string> = {}) {
    const path = agent === city ? '/admin/donations/receipts' : '/county/donations/receipts';
    return agent
      .post(path)
      .type('form')
      .send({ _csrf: tokens.get(agent)!, pledgeId: String(pledge.id), amount: '10', receivedOn: TODAY, ...fields });
  }

  it('gives 40 receipts recorded at once by one office the numbers 1..40', async () => {
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => record(officeA, pledgeA, { bankReference: `A-${i}` })));
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 303));
    expect(new Set(answers.map((r) => r.headers.location)).size).toBe(40);
    expect(await sequences(t.db, '341321')).toEqual(oneToN(40));
    expect(await counterValue(t.db, '341321')).toBe(40);
  });

  it('numbers two offices recording at the same moment each 1..N, with refused receipts among them taking no number', async () => {
    const burst = [];
    for (let i = 0; i < 25; i++) {
      burst.push(record(officeB, pledgeB, { bankReference: `B-${i}` }));
      burst.push(record(city, cityPledge, { bankReference: `C-${i}` }));
      // Refused in the same burst: a reference office A has already used, and an amount of 0.
      if (i % 5 === 0) burst.push(record(officeA, pledgeA, { bankReference: 'A-0' }));
      if (i % 5 === 1) burst.push(record(city, cityPledge, { amount: '0' }));
    }
    // Two requests with one new reference at the same moment: exactly one is recorded.
    burst.push(record(officeB, pledgeB, { bankReference: 'SAME-REF' }), record(officeB, pledgeB, { bankReference: 'same-ref' }));
    const answers = await Promise.all(burst);
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 303)).toHaveLength(51);
    expect(statuses.filter((s) => s === 422)).toHaveLength(11);
    expect(await sequences(t.db, '341322')).toEqual(oneToN(26));
    expect(await sequences(t.db, 'city')).toEqual(oneToN(25));
    expect(await sequences(t.db, '341321')).toEqual(oneToN(40));
    expect(await counterValue(t.db, '341322')).toBe(26);
    expect(await counterValue(t.db, 'city')).toBe(25);
    const numbers = (await t.db.getRepository(DonationReceipt).find()).map((r) => r.receiptNo);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers).toContain(`JZ-SZ-${YEAR}-00025`);
    expect(numbers).toContain(`JZ-341322-${YEAR}-00026`);
  });
});

describe(`捐赠票据 numbering across a SIGKILL and a restart (${ENGINE})`, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let env: AppEnv;
  let db: DataSource;
  let app: SpawnedApp | undefined;
  let pledgeId: number;
  let username: string;

  beforeAll(async () => {
    ensureBuilt();
    database = await createTestDatabase();
    env = appEnv(database);
    db = await openDatabase(env);
    const county = await makeCounty(db, { code: '341323', name: '灵璧县' });
    pledgeId = (await makePledge(db, await makeProject(db, county), { amountFen: 100_000_000 })).id;
    username = (await makeUser(db, 'county', { countyId: county.id })).username;
  }, 180_000);
  afterAll(async () => {
    await app?.stop('SIGKILL');
    await db?.destroy();
    await database?.drop();
  });

  /** Signs in on the running app and returns a function that records one receipt. */
  async function recorder(target: SpawnedApp) {
    const client = await new WebClient(target.url).signIn(username);
    const _csrf = csrfFrom((await client.get('/county/donations/receipts/new')).text);
    return (n: number): Promise<WebResponse | null> =>
      client
        .postForm('/county/donations/receipts', { _csrf, pledgeId: String(pledgeId), amount: String(n), receivedOn: TODAY })
        .catch(() => null);
  }

  it('continues the numbers with no gap and no duplicate after the app is killed between and during receipts', async () => {
    app = await startApp(env);
    let record = await recorder(app);
    for (let i = 1; i <= 5; i++) expect((await record(i))?.status).toBe(303);

    // Killed between two receipts: nothing is in flight.
    expect((await app.stop('SIGKILL')).signal).toBe('SIGKILL');
    app = await startApp(env);
    record = await recorder(app);
    for (let i = 6; i <= 8; i++) expect((await record(i))?.status).toBe(303);
    expect(await sequences(db, '341323')).toEqual(oneToN(8));

    // Killed in the middle of a burst: some receipts were acknowledged, some were cut off.
    const victim = app;
    let answered = 0;
    const burst = Array.from({ length: 30 }, (_, i) =>
      record(100 + i).then((res) => {
        if (res && ++answered === 10) victim.child.kill('SIGKILL');
        return res;
      }),
    );
    const answers = await Promise.all(burst);
    await victim.exited;
    const acknowledged = answers.filter((r) => r?.status === 303).map((r) => Number(/\/receipts\/(\d+)$/.exec(r!.location!)![1]));
    expect(acknowledged.length).toBeGreaterThanOrEqual(10);
    expect(answers.filter((r) => r === null).length).toBeGreaterThan(0); // the kill landed inside the burst

    app = await startApp(env);
    const afterKill = await sequences(db, '341323');
    expect(afterKill).toEqual(oneToN(afterKill.length));
    expect(await counterValue(db, '341323')).toBe(afterKill.length);
    // Every acknowledged receipt is there, with its number.
    const stored = await db.getRepository(DonationReceipt).findBy({ office: '341323' });
    for (const id of acknowledged) expect(stored.some((r) => r.id === id)).toBe(true);

    record = await recorder(app);
    for (let i = 0; i < 3; i++) expect((await record(200 + i))?.status).toBe(303);
    expect(await sequences(db, '341323')).toEqual(oneToN(afterKill.length + 3));
    console.log(
      `SIGKILL during a burst of 30: ${acknowledged.length} acknowledged, ${afterKill.length - 8} stored; numbers 1..${afterKill.length + 3}`,
    );
  }, 180_000);
});
