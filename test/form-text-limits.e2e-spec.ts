import { ACCOUNT_TEXT_LIMITS } from '../src/auth/account-limits';
import { BUYER_UNIT_TEXT_LIMITS } from '../src/buyers/buyer-unit-limits';
import { INTENT_TEXT_LIMITS } from '../src/intents/intent-limits';
import { Objection } from '../src/objections/objection.entity';
import { OBJECTION_TEXT_LIMITS, OBJECTION_TEXT_MIN_LENGTH } from '../src/objections/objection-limits';
import { dbSnapshot, snapshotDiff } from './support/db-snapshot';
import { currentFairId, makeBuyerUnit, makeCounty, makeIntent, makeProduct, makeUser, validCreditCode } from './support/factories';
import { browser, csrfFrom, signedIn, type Agent } from './support/http';
import { makeBuyersWithLists } from './support/submissions';
import { createTestApp, usingPostgres, type TestApp } from './support/test-app';

/**
 * Each feature states its text limits once (`*-limits.ts`), for the entity's column, the
 * validation and the form's maxlength: every form's inputs carry the constant, and one
 * character more is refused by the server with the database unchanged.
 */
describe(`text limits stated once per feature (${usingPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  let asBuyer: Agent;
  let asOrganiser: Agent;
  let intentId: number;
  let objectionId: number;

  beforeAll(async () => {
    t = await createTestApp();
    const [buyer] = await makeBuyersWithLists(t.db, 1);
    asBuyer = await signedIn(t.http, buyer.username);
    asOrganiser = await signedIn(t.http, (await makeUser(t.db, 'organiser')).username);
    const county = await makeCounty(t.db);
    const product = await makeProduct(t.db, county);
    intentId = (await makeIntent(t.db, await makeBuyerUnit(t.db), [{ product, quantity: 1 }])).id;
    const fairId = await currentFairId(t.db);
    objectionId = (
      await t.db.getRepository(Objection).save({ fairId, subjectType: 'figure', subject: '意向金额', text: '数据有误，请核实。' })
    ).id;
  });
  afterAll(() => t.close());

  const maxlengthOf = (html: string, field: string): number | undefined => {
    const m = new RegExp(`<(?:input|textarea) id="${field}" name="${field}"[^>]* maxlength="(\\d+)"`).exec(html);
    return m ? Number(m[1]) : undefined;
  };

  /** Each form, who opens it, and the limit each of its text fields must show. */
  const forms = (): { page: () => string; agent: () => Agent; limits: Record<string, number> }[] => [
    { page: () => '/login', agent: () => browser(t.http), limits: ACCOUNT_TEXT_LIMITS },
    {
      page: () => '/register',
      agent: () => browser(t.http),
      limits: { ...BUYER_UNIT_TEXT_LIMITS, ...ACCOUNT_TEXT_LIMITS, passwordConfirm: ACCOUNT_TEXT_LIMITS.password },
    },
    {
      page: () => '/intent-list/submit',
      agent: () => asBuyer,
      limits: { contactName: INTENT_TEXT_LIMITS.contactName, note: INTENT_TEXT_LIMITS.note },
    },
    { page: () => `/admin/intents/${intentId}`, agent: () => asOrganiser, limits: { reason: INTENT_TEXT_LIMITS.statusReason } },
    {
      page: () => '/objections/new',
      agent: () => browser(t.http),
      limits: { subject: OBJECTION_TEXT_LIMITS.subject, text: OBJECTION_TEXT_LIMITS.text, contact: OBJECTION_TEXT_LIMITS.contact },
    },
    {
      page: () => `/admin/objections/${objectionId}`,
      agent: () => asOrganiser,
      limits: { answer: OBJECTION_TEXT_LIMITS.answer, reason: OBJECTION_TEXT_LIMITS.closeReason },
    },
  ];

  it('gives every text input of the log-in, registration, submission and objection forms the maxlength of its constant', async () => {
    for (const form of forms()) {
      const res = await form.agent().get(form.page());
      expect(res.status).toBe(200);
      const shown = Object.fromEntries(Object.keys(form.limits).map((field) => [field, maxlengthOf(res.text, field)]));
      expect({ page: form.page(), limits: shown }).toEqual({ page: form.page(), limits: form.limits });
    }
    const objectionForm = (await browser(t.http).get('/objections/new')).text;
    expect(objectionForm).toContain(`${OBJECTION_TEXT_MIN_LENGTH} 至 ${OBJECTION_TEXT_LIMITS.text} 个字`);
  });

  /** Posts `fields` through the form at `page`, as the browser would. */
  async function post(agent: Agent, page: string, action: string, fields: Record<string, string>) {
    const html = (await agent.get(page)).text;
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(html)?.[1];
    return agent
      .post(action)
      .type('form')
      .send({ _csrf: csrfFrom(html), ...(key ? { idempotencyKey: key } : {}), ...fields });
  }

  const over = (limit: number) => '长'.repeat(limit + 1);

  it('refuses one character over each limit with the limit in the message, keeping the form’s maxlength, the database unchanged', async () => {
    const cases: [Agent, string, string, Record<string, string>, string][] = [
      [
        browser(t.http),
        '/login',
        '/login',
        { username: 'a'.repeat(ACCOUNT_TEXT_LIMITS.username + 1), password: 'x' },
        `用户名不能超过${ACCOUNT_TEXT_LIMITS.username}个字符`,
      ],
      [
        browser(t.http),
        '/register',
        '/register',
        {
          name: over(BUYER_UNIT_TEXT_LIMITS.name),
          type: '学校',
          creditCode: validCreditCode(),
          contactName: '王老师',
          mobile: '13800000000',
          address: '宿州市埇桥区',
          username: 'limit-school-1',
          password: 'long-enough-1',
          passwordConfirm: 'long-enough-1',
        },
        `单位名称不能超过${BUYER_UNIT_TEXT_LIMITS.name}个字符`,
      ],
      [
        asBuyer,
        '/intent-list/submit',
        '/intent-list/submit',
        { contactName: '联系人', contactPhone: '13800000000', note: over(INTENT_TEXT_LIMITS.note) },
        `备注不能超过${INTENT_TEXT_LIMITS.note}个字符`,
      ],
      [
        asOrganiser,
        `/admin/intents/${intentId}`,
        `/admin/intents/${intentId}/status`,
        { action: 'cancel', reason: over(INTENT_TEXT_LIMITS.statusReason) },
        `原因不能超过${INTENT_TEXT_LIMITS.statusReason}个字符`,
      ],
      [
        browser(t.http),
        '/objections/new',
        '/objections/new',
        { subject: over(OBJECTION_TEXT_LIMITS.subject), text: '数据有误，请核实。' },
        `异议对象不能超过${OBJECTION_TEXT_LIMITS.subject}个字`,
      ],
      [
        asOrganiser,
        `/admin/objections/${objectionId}`,
        `/admin/objections/${objectionId}/answer`,
        { answer: over(OBJECTION_TEXT_LIMITS.answer) },
        `答复内容不能超过${OBJECTION_TEXT_LIMITS.answer}个字`,
      ],
    ];
    for (const [agent, page, action, fields, message] of cases) {
      const before = await dbSnapshot(t.db);
      const res = await post(agent, page, action, fields);
      expect({ action, status: res.status }).toEqual({ action, status: 422 });
      expect(res.text).toContain(message);
      // The re-rendered form still carries the limit.
      const [field] = Object.keys(fields).filter((f) => fields[f].length > 50);
      expect(res.text).toMatch(new RegExp(`name="${field}"[^>]* maxlength="${fields[field].length - 1}"`));
      expect(snapshotDiff(before, await dbSnapshot(t.db))).toEqual([]);
    }
  });
});
