import { AuditLog } from '../src/audit/audit-log.entity';
import { makeBuyerUnit, makeCounty, makeUser } from './support/factories';
import { signedIn, type Agent } from './support/http';
import { createTestApp, type TestApp } from './support/test-app';

/** The audit viewer's table rows, each as [username, action cell, entity cell]. */
function rows(html: string): string[][] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)![1];
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)]
    .map((r) => [...r[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1].trim()))
    .filter((cells) => cells.length === 5)
    .map(([, user, action, entity]) => [user, action, entity]);
}

describe('the organiser’s audit-log viewer', () => {
  let t: TestApp;
  let asOrganiser: Agent;
  let organiserName: string;

  /** An entry written as AuditService would, at a chosen instant. */
  const entry = (username: string, action: string, entityType: string, entityId: string | null, at: string) =>
    t.db
      .getRepository(AuditLog)
      .save(
        t.db
          .getRepository(AuditLog)
          .create({ userId: null, username, action, entityType, entityId, changes: null, createdAt: new Date(at) }),
      );
  const view = async (query: string) => rows((await asOrganiser.get(`/admin/audit${query}`).expect(200)).text);
  const usernames = async (query: string) => (await view(query)).map((r) => r[0]);

  beforeAll(async () => {
    t = await createTestApp();
    const organiser = await makeUser(t.db, 'organiser', { username: 'organiser-zhang' });
    organiserName = organiser.username;
    asOrganiser = await signedIn(t.http, organiserName); // writes an auth.login entry, now
    // 2020-10-16 23:30 and 2020-10-17 00:30 in Beijing time: either side of midnight CST.
    await entry('Reviewer-Li', 'product.approve', 'product', '12', '2020-10-16T15:30:00Z');
    await entry('county-341321', 'product.create', 'product', '12', '2020-10-16T16:30:00Z');
    await entry('buyer-school-1', 'intent.submit', 'intent', '5', '2020-10-17T01:00:00Z');
    await entry('system', 'custom.rebuild', 'index', null, '2020-10-18T02:00:00Z');
    await entry('100%_real', 'product.update', 'product', '13', '2020-10-19T02:00:00Z');
  });
  afterAll(() => t.close());

  it('lists every entry newest first, with the action in Chinese where a label exists', async () => {
    const all = await view('');
    expect(all.map((r) => r[0])).toEqual([organiserName, '100%_real', 'system', 'buyer-school-1', 'county-341321', 'Reviewer-Li']);
    expect(all[0][1]).toContain('登录');
    expect(all[5][1]).toContain('审核通过');
    expect(all[5][1]).toContain('product.approve');
    expect(all[2][1]).toBe('custom.rebuild'); // no label: the code itself
    expect(all[5][2]).toContain('<a href="/admin/products/12">产品 #12</a>');
  });

  it('filters by who: part of the username, in any case, with % and _ taken literally', async () => {
    expect(await usernames('?user=COUNTY')).toEqual(['county-341321']);
    expect(await usernames('?user=reviewer')).toEqual(['Reviewer-Li']);
    expect(await usernames('?user=%25_')).toEqual(['100%_real']);
    expect(await usernames('?user=_')).toEqual(['100%_real']);
    expect(await usernames('?user=nobody')).toEqual([]);
  });

  it('filters by what: the action (from a list of those present) and the entity type and id', async () => {
    const html = (await asOrganiser.get('/admin/audit').expect(200)).text;
    expect(html).toContain('<option value="product.approve">审核通过</option>');
    expect(html).toContain('<option value="custom.rebuild">custom.rebuild</option>');
    expect(html).not.toContain('<option value="objection.answer">'); // not in this log
    expect(html).toContain('<option value="intent">采购意向</option>');

    expect(await usernames('?action=product.approve')).toEqual(['Reviewer-Li']);
    expect(await usernames('?entityType=product')).toEqual(['100%_real', 'county-341321', 'Reviewer-Li']);
    expect(await usernames('?entityType=product&entityId=12')).toEqual(['county-341321', 'Reviewer-Li']);
    const selected = (await asOrganiser.get('/admin/audit?action=intent.submit').expect(200)).text;
    expect(selected).toContain('<option value="intent.submit" selected>提交意向</option>');
  });

  it('filters by when: days read in Beijing time, both ends included', async () => {
    expect(await usernames('?from=2020-10-17&to=2020-10-17')).toEqual(['buyer-school-1', 'county-341321']);
    expect(await usernames('?to=2020-10-16')).toEqual(['Reviewer-Li']);
    expect(await usernames('?from=2020-10-18&to=2020-10-19')).toEqual(['100%_real', 'system']);
    const html = (await asOrganiser.get('/admin/audit?from=2020-10-17').expect(200)).text;
    expect(html).toContain('value="2020-10-17"'); // kept in the form
  });

  it('combines the filters', async () => {
    expect(await usernames('?entityType=product&from=2020-10-17&to=2020-10-17')).toEqual(['county-341321']);
    expect(await usernames('?user=li&action=product.create')).toEqual([]);
  });

  it('ignores filter values that are not valid', async () => {
    expect((await usernames('?action=bogus&entityType=nope&from=2020-02-30&to=yesterday&page=abc')).length).toBe(6);
  });

  it('pages through the entries, keeping the filters in the page links', async () => {
    for (let i = 0; i < 55; i++) await entry('bulk-importer', 'product.import', 'product', String(100 + i), '2020-10-15T00:00:00Z');
    const first = (await asOrganiser.get('/admin/audit?action=product.import').expect(200)).text;
    expect(rows(first)).toHaveLength(50);
    expect(first).toContain('共 55 条');
    expect(first).toContain('href="?action&#x3D;product.import&amp;page&#x3D;2"');
    expect(await view('?action=product.import&page=2')).toHaveLength(5);
  });

  it('is the organiser’s only', async () => {
    const county = await makeCounty(t.db);
    const unit = await makeBuyerUnit(t.db);
    for (const user of [await makeUser(t.db, 'county', { countyId: county.id }), await makeUser(t.db, 'buyer', { buyerUnitId: unit.id })]) {
      expect((await (await signedIn(t.http, user.username)).get('/admin/audit?user=county')).status).toBe(403);
    }
  });
});
