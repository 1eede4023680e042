import { AuditLog } from '../src/audit/audit-log.entity';
import { County } from '../src/counties/county.entity';
import { Fair } from '../src/fairs/fair.entity';
import { currentFairId, makeCounty, makeUser } from './support/factories';
import { csrfFrom, signedIn, type Agent } from './support/http';
import { createTestApp, type TestApp } from './support/test-app';

describe('the organiser’s fair settings and county minimums', () => {
  let t: TestApp;
  let organiser: Agent;
  let county: County;
  let fairId: number;

  beforeAll(async () => {
    t = await createTestApp();
    county = await makeCounty(t.db, { name: '泗县', minimumProducts: 20 });
    organiser = await signedIn(t.http, (await makeUser(t.db, 'organiser')).username);
    fairId = await currentFairId(t.db);
  });
  afterAll(() => t.close());

  const post = async (path: string, fields: Record<string, string>) => {
    const token = csrfFrom((await organiser.get('/login')).text);
    return organiser
      .post(path)
      .type('form')
      .send({ _csrf: token, ...fields });
  };

  it('sends the old settings page to the current fair’s edit page', async () => {
    const res = await organiser.get('/admin/settings');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/admin/fairs/${fairId}/edit`);
  });

  it('saves the fair’s name, date, venue and deadline (typed in Beijing time) and logs the change', async () => {
    const res = await post(`/admin/fairs/${fairId}`, {
      name: '宿州市第二届消费扶贫展销会',
      date: '2021-10-17',
      venue: '宿州市会展中心',
      intentDeadline: '2021-10-15T18:00',
      minimumProducts: '25',
    });
    expect(res.status).toBe(303);
    const saved = await t.db.getRepository(Fair).findOneByOrFail({ current: true });
    expect(saved.name).toBe('宿州市第二届消费扶贫展销会');
    expect(saved.date).toBe('2021-10-17');
    expect(saved.intentDeadline!.toISOString()).toBe('2021-10-15T10:00:00.000Z');
    expect(saved.minimumProducts).toBe(25);
    expect(saved.venue).toBe('宿州市会展中心');
    const list = await organiser.get('/admin/fairs');
    expect(list.text).toContain('宿州市第二届消费扶贫展销会（2021年10月17日）已保存');
    const page = await organiser.get(`/admin/fairs/${fairId}/edit`);
    expect(page.text).toContain('value="2021-10-15T18:00"');
    expect(page.text).toContain('2021年10月17日'); // the layout shows the new date at once
    const log = await t.db.getRepository(AuditLog).findOneByOrFail({ action: 'fair.update' });
    expect(log.changes!.name.after).toBe('宿州市第二届消费扶贫展销会');
  });

  it('refuses bad values field by field, keeps what was typed and changes nothing', async () => {
    const before = await t.db.getRepository(Fair).findOneByOrFail({ current: true });
    const auditBefore = await t.db.getRepository(AuditLog).count();
    const res = await post(`/admin/fairs/${fairId}`, {
      name: '  ',
      date: '2021-02-30',
      intentDeadline: '明天',
      minimumProducts: '-3',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('请填写展销会名称');
    expect(res.text).toContain('举办日期格式应为 2020-10-17');
    expect(res.text).toContain('意向截止时间格式应为');
    expect(res.text).toContain('每县最少产品数至少为1');
    expect(res.text).toContain('value="2021-02-30"');
    expect(res.text).toContain('value="明天"');
    expect(await t.db.getRepository(Fair).findOneByOrFail({ current: true })).toEqual(before);
    expect(await t.db.getRepository(AuditLog).count()).toBe(auditBefore);
  });

  it('escapes what was typed when showing it again', async () => {
    const res = await post(`/admin/fairs/${fairId}`, {
      name: '<script>alert(1)</script>',
      date: 'x',
      minimumProducts: '20',
    });
    expect(res.status).toBe(422);
    expect(res.text).not.toContain('<script>alert(1)</script>');
    expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('changes a county’s minimum number of products and shows it', async () => {
    const res = await post(`/admin/counties/${county.id}`, { minimumProducts: '22' });
    expect(res.status).toBe(303);
    expect((await t.db.getRepository(County).findOneByOrFail({ id: county.id })).minimumProducts).toBe(22);
    const page = await organiser.get('/admin/counties');
    expect(page.text).toContain('泗县的最少产品数已改为 22');
  });

  it.each([['0'], ['1.5'], ['abc'], ['100000'], ['']])('refuses %p as a minimum and changes nothing', async (value) => {
    const res = await post(`/admin/counties/${county.id}`, { minimumProducts: value });
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/最少产品数(应为整数|至少为1|不能超过1000)/);
    expect((await t.db.getRepository(County).findOneByOrFail({ id: county.id })).minimumProducts).toBe(22);
  });

  it('answers 404 for a county that does not exist', async () => {
    const res = await post('/admin/counties/999999', { minimumProducts: '10' });
    expect(res.status).toBe(404);
  });
});
