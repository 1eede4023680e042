import type { Response } from 'supertest';
import { isoDateCst } from '../src/common/dates';
import type { County } from '../src/counties/county.entity';
import { Disbursement } from '../src/donations/disbursement.entity';
import type { DonationProject } from '../src/donations/donation-project.entity';
import { DonationReceipt } from '../src/donations/donation-receipt.entity';
import { DonationTotalsService } from '../src/donations/donation-totals.service';
import { Pledge } from '../src/donations/pledge.entity';
import { newAccessToken } from '../src/donations/pledges/pledge-creation.service';
import { dbSnapshot, snapshotDiff } from './support/db-snapshot';
import { makeDisbursement, makePledge, makeProject, makeReceipt } from './support/donation-factories';
import { makeCounty, makeUser } from './support/factories';
import { browser, csrfFrom, signedIn, type Agent } from './support/http';
import { createTestApp, usingPostgres, type TestApp } from './support/test-app';

/**
 * Where two parts of the campaign change the same money: voiding a receipt against what the
 * project already paid out, and recording a receipt against a pledge its donor is cancelling.
 * Each pair takes the same row lock (the project's, the pledge's), so whichever runs second
 * sees the first and refuses with a Chinese 409, writing nothing.
 */
describe(`receipts against disbursements and cancellations (${usingPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  let county: County;
  let office: Agent;
  let token: string;

  beforeAll(async () => {
    t = await createTestApp();
    county = await makeCounty(t.db, { code: '341321', name: '砀山县' });
    office = await signedIn(t.http, (await makeUser(t.db, 'county', { countyId: county.id })).username);
    token = csrfFrom((await office.get('/county/donations')).text);
  });
  afterAll(() => t?.close());

  const snapshot = () => dbSnapshot(t.db, t.config.dataDir);
  const totalsOf = (project: DonationProject) => t.app.get(DonationTotalsService).ofProject(project.id);
  const voidReceipt = (receipt: DonationReceipt) =>
    office
      .post(`/county/donations/receipts/${receipt.id}/void`)
      .type('form')
      .send({ _csrf: token, reason: '金额登记错误', confirmed: '1' });

  async function refusedUnchanged(send: () => Promise<Response>, message: string): Promise<void> {
    const before = await snapshot();
    const res = await send();
    expect(res.status).toBe(409);
    expect(res.text).toContain(message);
    expect(snapshotDiff(before, await snapshot())).toEqual([]);
  }

  it('refuses a void that would leave the project with less received than it paid out, writing nothing', async () => {
    const project = await makeProject(t.db, county, { title: '作废核对项目' });
    const small = await makeReceipt(t.db, project, county, { amountFen: 30_000 });
    const large = await makeReceipt(t.db, project, county, { amountFen: 100_000 });
    await makeDisbursement(t.db, project, { amountFen: 90_000 });
    // 1,300 received, 900 paid out: voiding the 1,000 would leave 300 against 900.
    await refusedUnchanged(
      () => voidReceipt(large),
      `作废票据 ${large.receiptNo} 后，该项目的到账将只剩 ¥300.00，少于已登记的资金使用 ¥900.00，不能作废`,
    );
    // Voiding the 300 leaves 1,000 against 900: allowed.
    expect((await voidReceipt(small)).status).toBe(303);
    expect(await totalsOf(project)).toMatchObject({ receivedFen: 100_000, disbursedFen: 90_000 });
    // A receipt without a project (to the county fund) has no disbursements to cover.
    const fund = await makeReceipt(t.db, null, county, { amountFen: 10_000 });
    expect((await voidReceipt(fund)).status).toBe(303);
  });

  it('of a void and a disbursement at the same moment that together would overdraw the project, lets exactly one through', async () => {
    const project = await makeProject(t.db, county, { title: '并发作废项目' });
    const first = await makeReceipt(t.db, project, county, { amountFen: 100_000 });
    await makeReceipt(t.db, project, county, { amountFen: 100_000 });
    // 2,000 received. Voided first, 1,000 is left and the 1,500 payment is refused; paid
    // first, the void would leave 1,000 against 1,500 and is refused. Never both.
    const disbursementToken = csrfFrom((await office.get(`/county/projects/${project.id}/disbursements`)).text);
    const disburse = () =>
      office
        .post(`/county/projects/${project.id}/disbursements?_csrf=${encodeURIComponent(disbursementToken)}`)
        .field('amount', '1500')
        .field('paidOn', '2020-11-05')
        .field('payee', '良梨镇演示果业专业合作社')
        .field('purpose', '并发登记');
    for (let round = 0; round < 3; round++) {
      if (round > 0) {
        // Reset the project to 2,000 received and nothing paid out for another round.
        await t.db.getRepository(DonationReceipt).update({ projectId: project.id }, { voidedAt: null, voidReason: null, voidedById: null });
        await t.db.getRepository(Disbursement).delete({ projectId: project.id });
      }
      const [voided, paid] = await Promise.all([voidReceipt(first), disburse()]);
      expect([voided.status, paid.status].sort()).toEqual([303, 409]);
      const totals = await totalsOf(project);
      expect(totals.receivedFen).toBeGreaterThanOrEqual(totals.disbursedFen);
      expect(totals).toEqual(
        voided.status === 303
          ? expect.objectContaining({ receivedFen: 100_000, disbursedFen: 0 })
          : expect.objectContaining({ receivedFen: 200_000, disbursedFen: 150_000 }),
      );
    }
  });

  it('of a receipt and the donor’s cancellation of one pledge at the same moment, lets exactly one through', async () => {
    const project = await makeProject(t.db, county, { title: '并发取消项目' });
    for (let round = 0; round < 3; round++) {
      const pledge = await makePledge(t.db, project, { amountFen: 50_000, accessToken: newAccessToken() });
      const donor = browser(t.http);
      const page = `/pledges/${pledge.accessToken}`;
      const donorToken = csrfFrom((await donor.get(page).expect(200)).text);
      const [cancelled, received] = await Promise.all([
        donor.post(`${page}/cancel`).type('form').send({ _csrf: donorToken, confirmed: '1' }),
        office
          .post('/county/donations/receipts')
          .type('form')
          .send({ _csrf: token, pledgeId: String(pledge.id), amount: '500', receivedOn: isoDateCst() }),
      ]);
      expect([cancelled.status, received.status].sort()).toEqual([303, 409]);
      const saved = await t.db.getRepository(Pledge).findOneByOrFail({ id: pledge.id });
      const receipts = await t.db.getRepository(DonationReceipt).countBy({ pledgeId: pledge.id });
      // Cancelled with no receipt, or open with its receipt: never a cancelled pledge with money on it.
      expect({ status: saved.status, receipts }).toEqual(
        cancelled.status === 303 ? { status: 'cancelled', receipts: 0 } : { status: 'open', receipts: 1 },
      );
      expect((cancelled.status === 303 ? received : cancelled).text).toMatch(/已取消，不能再登记到账|已有款项到账，不能取消/);
    }
  });
});
