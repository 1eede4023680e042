import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { User } from '../src/auth/user.entity';
import { isoDateCst } from '../src/common/dates';
import { BuyerUnit } from '../src/buyers/buyer-unit.entity';
import { County } from '../src/counties/county.entity';
import { IntentLine } from '../src/intents/intent-line.entity';
import { IntentListItem } from '../src/intents/intent-list-item.entity';
import { Intent } from '../src/intents/intent.entity';
import { Objection } from '../src/objections/objection.entity';
import { productRow, templateWith } from './support/testing-sheets';
import { Product } from '../src/products/product.entity';
import { DonationAccount } from '../src/donations/donation-account.entity';
import { Pledge } from '../src/donations/pledge.entity';
import { Fair } from '../src/fairs/fair.entity';
import { PurchaseTarget } from '../src/targets/purchase-target.entity';
import { SummaryDueDate } from '../src/summaries/summary-due-date.entity';
import { FairListing } from '../src/fairs/fair-listing.entity';
import { Disbursement } from '../src/donations/disbursement.entity';
import { DonationReceipt } from '../src/donations/donation-receipt.entity';
import { makeProject, makeReceipt } from './support/donation-factories';
import { dbSnapshot, snapshotDiff, type DbSnapshot } from './support/db-snapshot';
import { DonationProject } from '../src/donations/donation-project.entity';
import {
  makeBuyerUnit,
  makeCounty,
  makeIntent,
  makeProduct,
  makeUser,
  TEST_PASSWORD,
  validCreditCode,
  currentFairId,
  refreshAggregates,
} from './support/factories';
import { csrfFrom, signedIn, type Agent } from './support/http';
import { registeredRoutes } from './support/routes';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * The bad-input sweep: every form field, query parameter and path parameter gets each of the
 * hostile values below. Whatever arrives, the app answers below 500; a refusal is a 4xx with a
 * message in Chinese and leaves the database as it was; what is accepted is either kept as
 * typed or normalised, as each field's list of accepted values says (below), and the stored
 * value is checked; and nothing sent comes back into a page as live markup.
 */

// ---------------------------------------------------------------------------------------------
// The hostile values

const LONG = 'x'.repeat(100_000);
const SCRIPT = '<script>alert(1)</script>';
/** The second of a duplicated field (a=1&a=2): markup, so that keeping it would show. */
const SECOND = '<b>2</b>';
/** Markup that must never come back raw into a page. */
const RAW_MARKUP = [SCRIPT, SECOND];

const LABELS = [
  'empty',
  'long',
  'duplicated',
  'object',
  'negative',
  'fractional',
  'emoji',
  'rtl',
  'zero-width',
  'full-width digits',
  'script',
  'sql',
  'nul',
] as const;
type Label = (typeof LABELS)[number];

/** A duplicated field sends the valid value first; a JSON body carries the object. */
type Sent = string | [string, string] | { a: number };

function hostile(label: Label, valid: string): Sent {
  switch (label) {
    case 'empty':
      return '';
    case 'long':
      return LONG;
    case 'duplicated':
      return [valid, SECOND];
    case 'object':
      return { a: 1 };
    case 'negative':
      return '-1';
    case 'fractional':
      return '1.5';
    case 'emoji':
      return '🍐';
    case 'rtl':
      return '甲\u202E乙'; // a right-to-left override inside text
    case 'zero-width':
      return '\u200B'; // nothing visible at all
    case 'full-width digits':
      return '１２';
    case 'script':
      return SCRIPT;
    case 'sql':
      return "' OR 1=1 --";
    case 'nul':
      return 'a\u0000b';
  }
}

// ---------------------------------------------------------------------------------------------
// What may be accepted, and what must then be stored. Every label a field does not list must
// be refused: 4xx, a Chinese message, the database unchanged.

interface Check {
  what: string;
  ok(stored: unknown, sent: Sent): boolean;
}
const AS_TYPED: Check = { what: 'stored as typed', ok: (s, sent) => s === sent };
/** a=1&a=2 keeps the first value, as every form field does. */
const FIRST: Check = { what: 'the first of the duplicated values kept', ok: (s) => s !== undefined && !String(s).includes(SECOND) };
const EMPTY: Check = { what: 'stored as empty', ok: (s) => s === null || s === '' || s === undefined };
const equals = (value: unknown): Check => ({ what: `stored as ${JSON.stringify(value)}`, ok: (s) => s === value });

type Accepts = Partial<Record<Label, Check>>;
/** A field whose value only steers (where to go back to, which kind of quantity): every value but these. */
const allBut = (except: Label[], check: Check): Accepts =>
  Object.fromEntries(LABELS.filter((l) => !except.includes(l)).map((l) => [l, check]));
/** Refused in every form field, described or not by a DTO: an object (only JSON can send one) and control characters. */
const NOT_TEXT: Label[] = ['object', 'nul'];
/** Free text: anything a person may type is kept as typed (and escaped wherever it is shown). */
const TEXT: Accepts = {
  duplicated: FIRST,
  negative: AS_TYPED,
  fractional: AS_TYPED,
  emoji: AS_TYPED,
  rtl: AS_TYPED,
  'full-width digits': AS_TYPED,
  script: AS_TYPED,
  sql: AS_TYPED,
};
const OPTIONAL_TEXT: Accepts = { ...TEXT, empty: EMPTY, 'zero-width': EMPTY };
/** Whole numbers: full-width digits (typed with a Chinese input method) are read as the number. */
const INTEGER: Accepts = { duplicated: FIRST, 'full-width digits': equals(12) };
const OPTIONAL_INTEGER: Accepts = { ...INTEGER, empty: EMPTY, 'zero-width': EMPTY };
/** A choice from a list (select, radio), a code with a fixed pattern, a date: only the first of two. */
const CHOICE: Accepts = { duplicated: FIRST };

// ---------------------------------------------------------------------------------------------

type Actor = 'visitor' | 'buyerA' | 'countyX' | 'organiser';

interface FormSpec {
  /** As the router registers it. */
  route: string;
  actor: Actor;
  /** The page that shows the form (for the CSRF token). */
  page: () => string;
  action: () => string;
  multipart?: boolean;
  /** A valid submission, made fresh for each request (unique codes and keys). */
  valid: () => Record<string, string>;
  /** The fields swept, and what each may accept. */
  fields: Record<string, Accepts>;
  /** Puts the record back before each request (a status the form moves on, a list it empties). */
  before?: () => Promise<void>;
  /** What an accepted request stored, by form field name. */
  read: (res: request.Response) => Promise<Record<string, unknown>>;
  /** The field's name on the wire, for fields named after a record: 'qty[<product>]' → 'qty[12]'. */
  wire?: (field: string) => string;
}

const CJK = /[\u3400-\u9fff]/;

/** The messages a page shows: beside fields, above the form, or as the error page's text. */
function messagesOf(res: request.Response): string[] {
  if (res.type === 'application/json') return [String((res.body as { message?: unknown }).message ?? '')];
  const html = res.text ?? '';
  const out: string[] = [];
  for (const m of html.matchAll(/<p class="field-error"[^>]*>([^<]*)<\/p>/g)) out.push(m[1]);
  for (const m of html.matchAll(/<div class="flash flash-error"[^>]*>([^<]*)<\/div>/g)) out.push(m[1]);
  const page = /<section class="card narrow error-page">[\s\S]*?<p>([^<]*)<\/p>/.exec(html);
  if (page) out.push(page[1]);
  return out;
}

const show = (v: unknown) => {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s && s.length > 40 ? `${s.slice(0, 40)}…(${s.length})` : s;
};

describe('bad-input sweep: hostile values in every form field and parameter', () => {
  let t: TestApp;
  let countyX: County;
  let countyY: County;
  let unitA: BuyerUnit;
  let unitC: BuyerUnit;
  let pPub: Product;
  let pY: Product;
  let pDraft: Product;
  let pReturn: Product;
  let intentA: Intent;
  let intentStatus: Intent;
  let intentSign: Intent;
  let signLine: IntentLine;
  let objection: Objection;
  let target: PurchaseTarget;
  let loginUser: User;
  let fairId: number;
  let statusFair: Fair;
  let pledgeProject: DonationProject;
  /** County X's project with 1 亿元 received, so every accepted disbursement fits its balance. */
  let fundedProject: DonationProject;
  /** A receipt of each office, to the office's fund (no project: no balance to keep), voided and restored by the sweep. */
  let voidable: Record<'county' | 'city', DonationReceipt>;
  let jDraft: DonationProject;
  let jReturn: DonationProject;
  let jStatus: DonationProject;
  const agents = {} as Record<Exclude<Actor, 'visitor'>, Agent>;
  /** Buyer A's colleagues: submitting is limited to 20 a minute per account. */
  const submitters: Agent[] = [];
  let seq = 0;
  /** Each request from its own address: the log-in, registration and objection limits are per address. */
  const nextAddress = () => `10.9.${Math.floor(++seq / 250)}.${seq % 250}`;

  beforeAll(async () => {
    t = await createTestApp({ TRUST_PROXY: '1' });
    const db = t.db;
    countyX = await makeCounty(db, { code: '341321', name: '砀山县' });
    countyY = await makeCounty(db, { code: '341322', name: '萧县' });
    pPub = await makeProduct(db, countyX, { name: '砀山酥梨', minOrder: 1, capacity: 1000 });
    pY = await makeProduct(db, countyY, { name: '萧县葡萄', minOrder: 1 });
    pDraft = await makeProduct(db, countyX, { name: '草稿产品', status: 'draft', publishedAt: null });
    pReturn = await makeProduct(db, countyX, { name: '待审核产品', status: 'submitted', publishedAt: null });
    unitA = await makeBuyerUnit(db, { name: '甲中学' });
    unitC = await makeBuyerUnit(db, { name: '丙超市', type: '商超' });
    intentA = await makeIntent(db, unitA, [
      { product: pPub, quantity: 10 },
      { product: pY, quantity: 10 },
    ]);
    intentStatus = await makeIntent(db, unitA, [{ product: pY, quantity: 3 }]);
    intentSign = await makeIntent(db, unitA, [{ product: pPub, quantity: 8 }], { status: 'confirmed' });
    signLine = await db.getRepository(IntentLine).findOneByOrFail({ intentId: intentSign.id });
    objection = await db
      .getRepository(Objection)
      .save(
        db
          .getRepository(Objection)
          .create({ fairId: await currentFairId(db), subjectType: 'figure', subject: '意向金额合计', text: '公示金额与实际不符。' }),
      );
    loginUser = await makeUser(db, 'buyer', { buyerUnitId: unitA.id });
    agents.buyerA = await signedIn(t.http, loginUser.username);
    agents.countyX = await signedIn(t.http, (await makeUser(db, 'county', { countyId: countyX.id })).username);
    agents.organiser = await signedIn(t.http, (await makeUser(db, 'organiser')).username);
    for (let i = 0; i < 4; i++) submitters.push(await signedIn(t.http, (await makeUser(db, 'buyer', { buyerUnitId: unitA.id })).username));
    fairId = await currentFairId(db);
    jDraft = await makeProject(db, countyX, { status: 'draft', publishedAt: null });
    jReturn = await makeProject(db, countyX, { status: 'pending', publishedAt: null });
    jStatus = await makeProject(db, countyX);
    statusFair = await db
      .getRepository(Fair)
      .save(db.getRepository(Fair).create({ name: '状态测试展销会', date: '2021-10-17', current: null }));
    pledgeProject = await makeProject(db, countyX, { title: '良梨镇酥梨冷库建设' });
    fundedProject = await makeProject(db, countyX, { title: '扫描测试项目' });
    await makeReceipt(db, fundedProject, countyX, { amountFen: 10_000_000_000 });
    voidable = { county: await makeReceipt(db, null, countyX), city: await makeReceipt(db, null, null) };
    target = await db.getRepository(PurchaseTarget).save(
      db.getRepository(PurchaseTarget).create({
        fairId: await currentFairId(db),
        creditCode: unitC.creditCode,
        unitName: unitC.name,
        unitType: unitC.type,
        targetFen: 100_000,
        buyerUnitId: unitC.id,
      }),
    );
  });
  afterAll(() => t?.close());

  const snap = () => dbSnapshot(t.db, t.config.dataDir);

  /** A signed-in agent's CSRF token, per agent (it lasts as long as the session). */
  const tokens = new Map<Agent, string>();
  async function tokenFor(agent: Agent, page: string): Promise<string> {
    if (!tokens.has(agent)) tokens.set(agent, csrfFrom((await agent.get(page)).text));
    return tokens.get(agent)!;
  }

  let submitTurn = 0;
  async function agentFor(form: FormSpec): Promise<{ agent: Agent; token: string }> {
    if (form.actor === 'visitor') {
      const agent = request.agent(t.http);
      return { agent, token: csrfFrom((await agent.get(form.page()).set('X-Forwarded-For', nextAddress())).text) };
    }
    const agent = form.route === 'POST /intent-list/submit' ? submitters[submitTurn++ % submitters.length] : agents[form.actor];
    return { agent, token: await tokenFor(agent, form.page()) };
  }

  /** Sends the form with `field` set to `value`, the way a browser would (or as JSON for an object). */
  async function send(form: FormSpec, field: string, value: Sent): Promise<request.Response> {
    const { agent, token } = await agentFor(form);
    const wire = form.wire ?? ((k: string) => k);
    const fields: Record<string, Sent> = Object.fromEntries(
      Object.entries({ ...form.valid(), [field]: value }).map(([k, v]) => [wire(k), v]),
    );
    const address = nextAddress();
    if (typeof value === 'object' && !Array.isArray(value)) {
      return agent
        .post(form.action())
        .set('X-Forwarded-For', address)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ _csrf: token, ...fields }));
    }
    if (form.multipart) {
      let req = agent.post(`${form.action()}?_csrf=${encodeURIComponent(token)}`).set('X-Forwarded-For', address);
      for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) req = req.field(k, one as string);
      return req;
    }
    const body = new URLSearchParams({ _csrf: token });
    for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one as string);
    return agent.post(form.action()).set('X-Forwarded-For', address).type('form').send(body.toString());
  }

  /**
   * Everything that is wrong with one answer. `expected` is what the field may accept for this
   * value (nothing: it must be refused). A refusal is checked against the snapshot taken before
   * the request, and the snapshot after it is returned.
   */
  async function judge(
    res: request.Response,
    expected: Check | undefined,
    /** The snapshot before the request; none when the caller checks a batch of requests at once. */
    before: DbSnapshot | null,
    read: () => Promise<unknown>,
    sent: Sent,
  ): Promise<{ problems: string[]; after?: DbSnapshot }> {
    const problems: string[] = [];
    if (res.status >= 500) problems.push(`answered ${res.status}`);
    for (const raw of RAW_MARKUP) if (res.type === 'text/html' && res.text?.includes(raw)) problems.push(`echoed ${raw} unescaped`);
    if (res.status < 400) {
      const stored = await read();
      if (!expected) problems.push(`accepted (${res.status}) but not listed as accepted: stored ${show(stored)}`);
      else if (!expected.ok(stored, sent)) problems.push(`accepted but stored ${show(stored)}, expected ${expected.what}`);
      return { problems };
    }
    const messages = messagesOf(res);
    if (expected) problems.push(`refused (${res.status}: ${messages.join(' / ')}) but listed as ${expected.what}`);
    if (res.status < 500 && !messages.some((m) => CJK.test(m))) {
      problems.push(`refused ${res.status} without a Chinese message (${show(messages.join(' / ') || res.text)})`);
    }
    for (const m of messages) if (!CJK.test(m)) problems.push(`shows a message that is not Chinese: ${show(m)}`);
    if (!before) return { problems };
    const after = await snap();
    const changed = snapshotDiff(before, after);
    if (changed.length) problems.push(`refused, yet changed ${changed.join('; ')}`);
    return { problems, after };
  }

  // -------------------------------------------------------------------------------------------
  // The forms

  /** A visitor's pledge (认捐), and what each field may accept: the amount is yuan as typed (12 元 = 1200 fen). */
  const PLEDGE_FORM = {
    donorKind: 'person',
    donorName: '张爱心',
    donorPhone: '13800138000',
    message: '',
    publicity: 'named',
    amount: '500',
  };
  const PLEDGE_ACCEPTS: Record<string, Accepts> = {
    donorKind: CHOICE,
    donorName: TEXT,
    // A mobile number: spaces, dashes and +86 are dropped, anything but 11 digits is refused.
    donorPhone: CHOICE,
    message: OPTIONAL_TEXT,
    publicity: CHOICE,
    amount: { duplicated: FIRST, 'full-width digits': equals(1200), fractional: equals(150) },
  };
  /** The newest pledge by form field. */
  const pledgeRead = async () => {
    const [p] = await t.db.getRepository(Pledge).find({ order: { id: 'DESC' }, take: 1 });
    return { ...p, publicity: p.anonymous ? 'anonymous' : 'named', amount: p.amountFen } as Record<string, unknown>;
  };

  const productFields = (code: string) => ({
    code,
    name: '砀山酥梨（金盖酥）',
    category: '蔬菜水果',
    spec: '5kg/箱',
    unit: '箱',
    price: '58.00',
    capacity: '20000',
    minOrder: '10',
    supplierName: '砀山县演示果业专业合作社',
    supplierCreditCode: validCreditCode('93', '341321'),
    certificateNo: 'FP-2020-001',
    origin: '砀山县良梨镇',
    povertyHouseholds: '35',
    description: '金盖酥梨，皮薄多汁。',
  });
  /** The product columns by form field (the price as fen). */
  const productRead = (p: Product | null) => ({
    ...p,
    price: p?.priceFen,
  });
  const PRODUCT_ACCEPTS: Record<string, Accepts> = {
    code: CHOICE,
    name: TEXT,
    category: CHOICE,
    spec: TEXT,
    unit: CHOICE,
    // Yuan as typed: full-width digits are read as the amount, 12 元 = 1200 fen.
    price: { duplicated: FIRST, 'full-width digits': equals(1200), fractional: equals(150) },
    capacity: INTEGER,
    minOrder: INTEGER,
    supplierName: TEXT,
    // Normalised (upper case, spaces and full-width letters removed) by its own transform, which
    // takes no list: a duplicated code is refused.
    supplierCreditCode: {},
    certificateNo: OPTIONAL_TEXT,
    origin: TEXT,
    povertyHouseholds: OPTIONAL_INTEGER,
    description: OPTIONAL_TEXT,
  };

  /** A goods project's form (so that both the amount and the items are optional or typed). */
  const projectFields = () => ({
    title: '良梨镇冬衣捐赠',
    kind: 'goods',
    township: '良梨镇',
    village: '良梨村',
    amount: '50000',
    goodsSought: '冬衣 200 件',
    beneficiaryHouseholds: '46',
    beneficiaryPeople: '152',
    contactOffice: '砀山县扶贫开发领导小组办公室',
    contactPhone: '0557-8021234',
    deadline: '2099-12-31',
    claimMode: 'shares',
    acceptsUndirected: 'on',
    description: '为困难群众添置冬衣。',
  });
  /** The project columns by form field (the amount as fen). */
  const projectRead = (p: DonationProject | null) => ({ ...p, amount: p?.soughtFen });
  const PROJECT_ACCEPTS: Record<string, Accepts> = {
    title: TEXT,
    kind: CHOICE,
    township: TEXT,
    village: OPTIONAL_TEXT,
    // Yuan as typed, as the product price; a goods project may leave it out.
    amount: { duplicated: FIRST, 'full-width digits': equals(1200), fractional: equals(150), empty: EMPTY, 'zero-width': EMPTY },
    goodsSought: TEXT,
    beneficiaryHouseholds: OPTIONAL_INTEGER,
    beneficiaryPeople: OPTIONAL_INTEGER,
    contactOffice: TEXT,
    // An office line or a mobile: only a valid number, or nothing.
    contactPhone: { duplicated: FIRST, empty: EMPTY, 'zero-width': EMPTY },
    deadline: CHOICE,
    claimMode: CHOICE,
    // A checkbox: "on" ticks it (the first of two), anything else leaves it unticked; 100,000
    // characters exceed the upload parser's field limit (refused, as on the product form).
    acceptsUndirected: { ...allBut([...NOT_TEXT, 'long'], equals(false)), duplicated: equals(true) },
    description: TEXT,
  };

  const FORMS: FormSpec[] = [
    {
      route: 'POST /login',
      actor: 'visitor',
      page: () => '/login',
      action: () => '/login',
      valid: () => ({ username: loginUser.username, password: TEST_PASSWORD, next: '/products' }),
      fields: {
        username: { duplicated: FIRST },
        // Only the password typed: a second one makes it a list, which is refused.
        password: {},
        // A `next` that is not a path on this site is ignored: the buyer lands on its own page.
        // Over 500 characters, a list, an object or a control character: refused (only a hand-made request sends one).
        next: allBut(['long', 'duplicated', ...NOT_TEXT], equals('/my/intents')),
      },
      read: async (res) => ({ username: res.headers.location, password: res.headers.location, next: res.headers.location }),
    },
    {
      route: 'POST /register',
      actor: 'visitor',
      page: () => '/register',
      action: () => '/register',
      valid: () => {
        const n = ++seq;
        return {
          name: `宿州市第${n}中学`,
          type: '学校',
          creditCode: validCreditCode('12', '341302'),
          contactName: '王老师',
          mobile: `139${String(n).padStart(8, '0')}`,
          address: '宿州市埇桥区测试路1号',
          username: `reg-${n}`,
          password: 'secret-pass-1',
          passwordConfirm: 'secret-pass-1',
        };
      },
      fields: {
        name: TEXT,
        type: CHOICE,
        creditCode: CHOICE,
        contactName: TEXT,
        mobile: CHOICE,
        address: TEXT,
        // A checkbox: "on" ticks it, anything else leaves it unticked.
        anonymous: allBut(NOT_TEXT, equals(false)),
        // Letters, digits and . _ - from 3 characters: "1.5" is a valid user name.
        username: { ...CHOICE, fractional: AS_TYPED },
        password: CHOICE,
        passwordConfirm: CHOICE,
      },
      read: async () => {
        const unit = (await t.db.getRepository(BuyerUnit).find({ order: { id: 'DESC' }, take: 1 }))[0];
        const user = await t.db.getRepository(User).findOneBy({ buyerUnitId: unit.id });
        return { ...unit, username: user?.username, password: user?.username, passwordConfirm: user?.username };
      },
    },
    {
      route: 'POST /county/products',
      actor: 'countyX',
      page: () => '/county/products/new',
      action: () => '/county/products',
      multipart: true,
      valid: () => productFields(`SW-${++seq}`),
      fields: PRODUCT_ACCEPTS,
      read: async () => productRead((await t.db.getRepository(Product).find({ order: { id: 'DESC' }, take: 1 }))[0]),
    },
    {
      route: 'POST /county/products/:id',
      actor: 'countyX',
      page: () => `/county/products/${pDraft.id}/edit`,
      action: () => `/county/products/${pDraft.id}`,
      multipart: true,
      valid: () => productFields('SW-EDIT'),
      fields: PRODUCT_ACCEPTS,
      read: async () => productRead(await t.db.getRepository(Product).findOneBy({ id: pDraft.id })),
    },
    {
      route: 'POST /county/projects',
      actor: 'countyX',
      page: () => '/county/projects/new',
      action: () => '/county/projects',
      multipart: true,
      valid: projectFields,
      fields: PROJECT_ACCEPTS,
      read: async () => projectRead((await t.db.getRepository(DonationProject).find({ order: { id: 'DESC' }, take: 1 }))[0]),
    },
    {
      route: 'POST /county/projects/:id',
      actor: 'countyX',
      page: () => `/county/projects/${jDraft.id}/edit`,
      action: () => `/county/projects/${jDraft.id}`,
      multipart: true,
      valid: projectFields,
      fields: PROJECT_ACCEPTS,
      read: async () => projectRead(await t.db.getRepository(DonationProject).findOneBy({ id: jDraft.id })),
    },
    {
      route: 'POST /admin/projects/:id/return',
      actor: 'organiser',
      page: () => `/admin/projects/${jReturn.id}`,
      action: () => `/admin/projects/${jReturn.id}/return`,
      before: async () =>
        void (await t.db.getRepository(DonationProject).update({ id: jReturn.id }, { status: 'pending', returnReason: null })),
      valid: () => ({ reason: '请补充实施方案', confirmed: '1' }),
      // The confirmation is not typed (the confirmation page's button sends it).
      fields: { reason: TEXT, confirmed: {} },
      read: async () => ({ reason: (await t.db.getRepository(DonationProject).findOneByOrFail({ id: jReturn.id })).returnReason }),
    },
    {
      route: 'POST /admin/projects/:id/status',
      actor: 'organiser',
      page: () => `/admin/projects/${jStatus.id}`,
      action: () => `/admin/projects/${jStatus.id}/status`,
      before: async () => void (await t.db.getRepository(DonationProject).update({ id: jStatus.id }, { status: 'published' })),
      valid: () => ({ status: 'funded', confirmed: '1' }),
      fields: { status: CHOICE, confirmed: {} },
      read: async () => ({ status: (await t.db.getRepository(DonationProject).findOneByOrFail({ id: jStatus.id })).status }),
    },
    {
      route: 'POST /intent-list/items',
      actor: 'buyerA',
      page: () => '/intent-list',
      action: () => '/intent-list/items',
      before: async () => void (await t.db.getRepository(IntentListItem).delete({ buyerUnitId: unitA.id })),
      valid: () => ({ productId: String(pPub.id), quantity: '5', returnTo: '/products' }),
      fields: {
        // Read by the handler as a number: a list or anything but an id names no product (404).
        productId: {},
        // No quantity: the minimum order (1 here).
        // Read by the quantity rules, which take no list.
        quantity: { 'full-width digits': equals(12), empty: equals(1) },
        // Only a path on this site is followed; anything else goes back to the list.
        returnTo: allBut(NOT_TEXT, equals('/intent-list')),
      },
      read: async (res) => {
        const item = await t.db.getRepository(IntentListItem).findOneBy({ buyerUnitId: unitA.id, productId: pPub.id });
        return { productId: item?.productId, quantity: item?.quantity, returnTo: res.headers.location };
      },
    },
    {
      route: 'POST /intent-list/update',
      actor: 'buyerA',
      page: () => '/intent-list',
      action: () => '/intent-list/update',
      before: async () => {
        await t.db.getRepository(IntentListItem).delete({ buyerUnitId: unitA.id });
        await t.db
          .getRepository(IntentListItem)
          .insert({ fairId: await currentFairId(t.db), buyerUnitId: unitA.id, productId: pPub.id, quantity: 5 });
      },
      wire: (field) => field.replace('<product>', String(pPub.id)),
      valid: () => ({ 'qty[<product>]': '7' }),
      fields: { 'qty[<product>]': INTEGER },
      read: async () => ({
        'qty[<product>]': (await t.db.getRepository(IntentListItem).findOneBy({ buyerUnitId: unitA.id, productId: pPub.id }))?.quantity,
      }),
    },
    {
      route: 'POST /intent-list/submit',
      actor: 'buyerA',
      page: () => '/intent-list/submit',
      action: () => '/intent-list/submit',
      before: async () => {
        await t.db.getRepository(IntentListItem).delete({ buyerUnitId: unitA.id });
        await t.db
          .getRepository(IntentListItem)
          .insert({ fairId: await currentFairId(t.db), buyerUnitId: unitA.id, productId: pPub.id, quantity: 5 });
      },
      valid: () => ({
        idempotencyKey: randomUUID(),
        desiredDeliveryDate: '2020-10-30',
        contactName: '王老师',
        contactPhone: '13800000101',
        note: '送到学校食堂',
      }),
      fields: {
        idempotencyKey: {},
        desiredDeliveryDate: { ...CHOICE, empty: EMPTY, 'zero-width': EMPTY },
        contactName: TEXT,
        contactPhone: {},
        note: OPTIONAL_TEXT,
      },
      read: async () =>
        (await t.db.getRepository(Intent).find({ order: { id: 'DESC' }, take: 1 }))[0] as unknown as Record<string, unknown>,
    },
    {
      route: 'POST /my/intents/:id',
      actor: 'buyerA',
      page: () => `/my/intents/${intentA.id}`,
      action: () => `/my/intents/${intentA.id}`,
      before: async () => {
        await t.db.getRepository(Intent).update({ id: intentA.id }, { status: 'submitted' });
        await t.db.getRepository(IntentLine).delete({ intentId: intentA.id });
        for (const p of [pPub, pY]) {
          await t.db.getRepository(IntentLine).insert({ intentId: intentA.id, productId: p.id, quantity: 10, unitPriceFen: p.priceFen });
        }
        await refreshAggregates(t.db);
      },
      wire: (field) => field.replace('<pear>', String(pPub.id)).replace('<grape>', String(pY.id)),
      valid: () => ({ 'qty[<pear>]': '12', 'qty[<grape>]': '10' }),
      fields: {
        'qty[<pear>]': INTEGER,
        // A ticked box sends "on"; any value of remove[<id>] removes the line.
        'remove[<grape>]': allBut(NOT_TEXT, equals('removed')),
      },
      read: async () => {
        const lines = await t.db.getRepository(IntentLine).findBy({ intentId: intentA.id });
        return {
          'qty[<pear>]': lines.find((l) => l.productId === pPub.id)?.quantity,
          'remove[<grape>]': lines.some((l) => l.productId === pY.id) ? 'kept' : 'removed',
        };
      },
    },
    ...(['POST /admin/fairs/:id', 'POST /admin/fairs'] as const).map((route): FormSpec => ({
      route,
      actor: 'organiser',
      page: () => (route === 'POST /admin/fairs' ? '/admin/fairs/new' : `/admin/fairs/${fairId}/edit`),
      action: () => (route === 'POST /admin/fairs' ? '/admin/fairs' : `/admin/fairs/${fairId}`),
      valid: () => ({
        name: '2020年宿州市消费扶贫展销会',
        date: '2020-10-17',
        venue: '宿州市体育馆',
        intentDeadline: '',
        minimumProducts: '20',
      }),
      fields: {
        name: TEXT,
        date: CHOICE,
        venue: OPTIONAL_TEXT,
        intentDeadline: { ...CHOICE, empty: EMPTY, 'zero-width': EMPTY },
        minimumProducts: INTEGER,
      },
      read: async () => {
        // The fair edited, or the newest one created.
        const [fair] = await t.db.getRepository(Fair).find({
          where: route === 'POST /admin/fairs' ? {} : { id: fairId },
          order: { id: 'DESC' },
          take: 1,
        });
        return { ...fair } as unknown as Record<string, unknown>;
      },
    })),
    {
      route: 'POST /admin/summaries/due-date',
      actor: 'organiser',
      page: () => '/admin/summaries',
      action: () => '/admin/summaries/due-date',
      valid: () => ({ fair: String(fairId), dueDate: '2020-10-21' }),
      fields: {
        // A record id (the first of a repeated field); anything else is refused beside the field.
        fair: CHOICE,
        dueDate: CHOICE,
      },
      read: async () => {
        const row = await t.db.getRepository(SummaryDueDate).findOneBy({ fairId });
        return { fair: row ? fairId : undefined, dueDate: row?.dueDate };
      },
    },
    {
      route: 'POST /admin/fairs/:id/status',
      actor: 'organiser',
      page: () => `/admin/fairs/${statusFair.id}/status`,
      action: () => `/admin/fairs/${statusFair.id}/status`,
      before: async () => void (await t.db.getRepository(Fair).update({ id: statusFair.id }, { status: 'preparing' })),
      valid: () => ({ from: 'preparing', confirm: 'on' }),
      fields: {
        from: CHOICE,
        // A ticked box sends "on"; anything that is not a tick leaves it unconfirmed.
        confirm: { duplicated: equals('open') },
      },
      read: async () => {
        const status = (await t.db.getRepository(Fair).findOneByOrFail({ id: statusFair.id })).status;
        return { from: status === 'open' ? 'preparing' : status, confirm: status };
      },
    },
    {
      route: 'POST /admin/counties/:id',
      actor: 'organiser',
      page: () => '/admin/counties',
      action: () => `/admin/counties/${countyY.id}`,
      valid: () => ({ minimumProducts: '15' }),
      fields: { minimumProducts: INTEGER },
      read: async () => (await t.db.getRepository(County).findOneByOrFail({ id: countyY.id })) as unknown as Record<string, unknown>,
    },
    {
      route: 'POST /admin/products/:id/return',
      actor: 'organiser',
      page: () => `/admin/products/${pReturn.id}`,
      action: () => `/admin/products/${pReturn.id}/return`,
      before: async () => void (await t.db.getRepository(Product).update({ id: pReturn.id }, { status: 'submitted', reviewReason: null })),
      valid: () => ({ reason: '图片不清晰，请重新上传', confirmed: '1' }),
      // The confirmation is not typed (the confirmation page's button sends it).
      fields: { reason: TEXT, confirmed: {} },
      read: async () => ({ reason: (await t.db.getRepository(Product).findOneByOrFail({ id: pReturn.id })).reviewReason }),
    },
    {
      route: 'POST /admin/products/bulk',
      actor: 'organiser',
      page: () => '/admin/products',
      action: () => '/admin/products/bulk',
      before: async () => void (await t.db.getRepository(Product).update({ id: pReturn.id }, { status: 'submitted', reviewReason: null })),
      valid: () => ({ ids: String(pReturn.id), decision: 'return', reason: '图片不清晰，请重新上传', confirmed: '1' }),
      // A ticked box, the button pressed and the confirmation are not typed: only the reason is text.
      fields: { ids: {}, decision: {}, reason: TEXT, confirmed: {} },
      read: async () => ({ reason: (await t.db.getRepository(Product).findOneByOrFail({ id: pReturn.id })).reviewReason }),
    },
    {
      route: 'POST /admin/intents/:id/status',
      actor: 'organiser',
      page: () => `/admin/intents/${intentStatus.id}`,
      action: () => `/admin/intents/${intentStatus.id}/status`,
      before: async () => {
        await t.db.getRepository(Intent).update({ id: intentStatus.id }, { status: 'submitted', statusReason: null });
        await refreshAggregates(t.db);
      },
      valid: () => ({ action: 'cancel', reason: '单位通知取消', confirmed: '1' }),
      fields: { action: {}, reason: TEXT, confirmed: {} },
      read: async () => {
        const intent = await t.db.getRepository(Intent).findOneByOrFail({ id: intentStatus.id });
        return { action: intent.status, reason: intent.statusReason };
      },
    },
    ...(['POST /county/signing/:id', 'POST /admin/intents/:id/quantities'] as const).map((route): FormSpec => ({
      route,
      actor: route.startsWith('POST /county') ? 'countyX' : 'organiser',
      page: () => (route.startsWith('POST /county') ? '/county/signing' : `/admin/intents/${intentSign.id}`),
      action: () => (route.startsWith('POST /county') ? `/county/signing/${intentSign.id}` : `/admin/intents/${intentSign.id}/quantities`),
      before: async () => {
        await t.db.getRepository(Intent).update({ id: intentSign.id }, { status: 'confirmed' });
        await t.db.getRepository(IntentLine).update({ id: signLine.id }, { signedQuantity: null, deliveredQuantity: null });
        await refreshAggregates(t.db);
      },
      wire: (field) => field.replace('<line>', String(signLine.id)),
      valid: () => ({ kind: 'signed', 'signed[<line>]': '8' }),
      fields: {
        // Anything but "delivered" records the signed quantity.
        kind: allBut(NOT_TEXT, equals('signed')),
        // Empty clears the quantity (not signed yet).
        'signed[<line>]': { ...INTEGER, empty: EMPTY },
      },
      read: async () => {
        const line = await t.db.getRepository(IntentLine).findOneByOrFail({ id: signLine.id });
        return { kind: line.signedQuantity !== null ? 'signed' : 'nothing', 'signed[<line>]': line.signedQuantity };
      },
    })),
    {
      route: 'POST /county/listing',
      actor: 'countyX',
      page: () => '/county/listing',
      action: () => '/county/listing',
      valid: () => ({ productIds: String(pPub.id) }),
      // Only the ids of the county's published products are listed: every other value is refused.
      fields: { productIds: {} },
      read: async () => ({
        productIds: (await t.db.getRepository(FairListing).findBy({ fairId: await currentFairId(t.db) })).map((l) => l.productId),
      }),
    },
    {
      route: 'POST /objections/new',
      actor: 'visitor',
      page: () => '/objections/new',
      action: () => '/objections/new',
      valid: () => ({ productId: '', subject: '意向金额合计', text: '公示的金额与实际不符，请核实。', contact: '13900000000' }),
      fields: {
        productId: { empty: EMPTY, 'zero-width': EMPTY, duplicated: EMPTY },
        subject: TEXT,
        text: { ...TEXT, negative: undefined, fractional: undefined, emoji: undefined, 'full-width digits': undefined, rtl: undefined },
        contact: OPTIONAL_TEXT,
      },
      read: async () =>
        (await t.db.getRepository(Objection).find({ order: { id: 'DESC' }, take: 1 }))[0] as unknown as Record<string, unknown>,
    },
    {
      route: 'POST /projects/:id/pledge',
      actor: 'visitor',
      page: () => `/projects/${pledgeProject.id}/pledge`,
      action: () => `/projects/${pledgeProject.id}/pledge`,
      valid: () => ({ ...PLEDGE_FORM }),
      fields: PLEDGE_ACCEPTS,
      read: async () => pledgeRead(),
    },
    {
      route: 'POST /donate',
      actor: 'visitor',
      page: () => '/donate',
      action: () => '/donate',
      valid: () => ({ ...PLEDGE_FORM, fund: 'city' }),
      // The fund is a choice: 'city' or a county's code, nothing else.
      fields: { fund: CHOICE },
      read: async () => ({ ...(await pledgeRead()), fund: 'city' }),
    },
    {
      route: 'POST /admin/donations/accounts/:office',
      actor: 'organiser',
      page: () => `/admin/donations/accounts/${countyX.code}/edit`,
      action: () => `/admin/donations/accounts/${countyX.code}`,
      valid: () => ({ accountName: '砀山县扶贫开发局', bankName: '中国农业银行砀山县支行', accountNo: '1234 5678 9012', note: '' }),
      fields: { accountName: TEXT, bankName: TEXT, accountNo: TEXT, note: OPTIONAL_TEXT },
      read: async () =>
        (await t.db.getRepository(DonationAccount).findOneByOrFail({ office: countyX.code })) as unknown as Record<string, unknown>,
    },
    {
      route: 'POST /admin/objections/:id/answer',
      actor: 'organiser',
      page: () => `/admin/objections/${objection.id}`,
      action: () => `/admin/objections/${objection.id}/answer`,
      before: async () => void (await t.db.getRepository(Objection).update({ id: objection.id }, { status: 'open', answer: null })),
      valid: () => ({ answer: '已核实，公示数据无误。' }),
      fields: { answer: TEXT },
      read: async () => ({ answer: (await t.db.getRepository(Objection).findOneByOrFail({ id: objection.id })).answer }),
    },
    {
      route: 'POST /admin/objections/:id/close',
      actor: 'organiser',
      page: () => `/admin/objections/${objection.id}`,
      action: () => `/admin/objections/${objection.id}/close`,
      before: async () => void (await t.db.getRepository(Objection).update({ id: objection.id }, { status: 'open', answer: null })),
      valid: () => ({ reason: '已电话答复提出人', confirmed: '1' }),
      // With no answer yet, the reason becomes the answer.
      fields: { reason: TEXT, confirmed: {} },
      read: async () => ({ reason: (await t.db.getRepository(Objection).findOneByOrFail({ id: objection.id })).answer }),
    },
    {
      route: 'POST /admin/buyers/:id/disable',
      actor: 'organiser',
      page: () => '/admin/buyers',
      action: () => `/admin/buyers/${unitC.id}/disable`,
      before: async () => void (await t.db.getRepository(BuyerUnit).update({ id: unitC.id }, { disabled: false })),
      valid: () => ({ returnTo: '/admin/buyers?page=2' }),
      // Only the buyers list itself is a place to go back to.
      fields: { returnTo: allBut(NOT_TEXT, equals('/admin/buyers')) },
      read: async (res) => ({ returnTo: res.headers.location }),
    },
    {
      route: 'POST /admin/buyers/:id/enable',
      actor: 'organiser',
      page: () => '/admin/buyers',
      action: () => `/admin/buyers/${unitC.id}/enable`,
      before: async () => void (await t.db.getRepository(BuyerUnit).update({ id: unitC.id }, { disabled: true })),
      valid: () => ({ returnTo: '/admin/buyers?page=2' }),
      fields: { returnTo: allBut(NOT_TEXT, equals('/admin/buyers')) },
      read: async (res) => ({ returnTo: res.headers.location }),
    },
    ...(['POST /admin/targets', 'POST /admin/targets/:id'] as const).map((route): FormSpec => {
      const adding = route === 'POST /admin/targets';
      return {
        route,
        actor: 'organiser',
        page: () => (adding ? '/admin/targets/new' : `/admin/targets/${target.id}/edit`),
        action: () => (adding ? '/admin/targets' : `/admin/targets/${target.id}`),
        valid: () => ({
          unitName: '宿州市演示局',
          creditCode: adding ? validCreditCode('11', '341300') : unitC.creditCode,
          unitType: '企业',
          amount: '100',
        }),
        fields: {
          unitName: TEXT,
          creditCode: CHOICE,
          unitType: CHOICE,
          // Yuan with at most two decimals, > 0: full-width digits are read as the number.
          amount: { duplicated: FIRST, fractional: equals(150), 'full-width digits': equals(1200) },
        },
        read: async () => {
          const stored = adding
            ? (await t.db.getRepository(PurchaseTarget).find({ order: { id: 'DESC' }, take: 1 }))[0]
            : await t.db.getRepository(PurchaseTarget).findOneByOrFail({ id: target.id });
          return { ...stored, amount: stored.targetFen } as unknown as Record<string, unknown>;
        },
      };
    }),
    {
      route: 'POST /admin/targets/import/confirm',
      actor: 'organiser',
      page: () => '/admin/targets/import',
      action: () => '/admin/targets/import/confirm',
      valid: () => ({ importId: '0'.repeat(32) }),
      // Only the id of the upload this session was shown can be confirmed.
      fields: { importId: {} },
      read: async () => ({}),
    },
    {
      route: 'POST /county/projects/:id/disbursements',
      actor: 'countyX',
      page: () => `/county/projects/${fundedProject.id}/disbursements`,
      action: () => `/county/projects/${fundedProject.id}/disbursements`,
      multipart: true,
      // Each a payment of its own: the same one again within minutes counts as the form sent twice.
      valid: () => ({ amount: '100', paidOn: '2020-11-02', payee: `演示收款方${++seq}`, purpose: `演示用途${seq}` }),
      fields: {
        // Yuan with at most two decimals, > 0: full-width digits are read as the number.
        amount: { duplicated: FIRST, fractional: equals(150), 'full-width digits': equals(1200) },
        paidOn: CHOICE,
        payee: TEXT,
        purpose: TEXT,
      },
      read: async () => {
        const [row] = await t.db
          .getRepository(Disbursement)
          .find({ where: { projectId: fundedProject.id }, order: { id: 'DESC' }, take: 1 });
        return { ...row, amount: row.amountFen } as unknown as Record<string, unknown>;
      },
    },
    ...(['county', 'city'] as const).flatMap((who): FormSpec[] => {
      const base = who === 'county' ? '/county/donations/receipts' : '/admin/donations/receipts';
      // The setup has run by the time read() does: countyX is only read then.
      const office = () => (who === 'county' ? countyX.code : 'city');
      const actor: Actor = who === 'county' ? 'countyX' : 'organiser';
      return [
        {
          route: `POST ${base}`,
          actor,
          page: () => `${base}/new`,
          action: () => base,
          // Money without a pledge to the office's fund; each with a reference of its own (unique per office).
          valid: () => ({
            donorKind: 'person',
            donorName: '张三',
            anonymous: 'on',
            target: 'fund',
            amount: '100',
            receivedOn: isoDateCst(),
            bankReference: `SWEEP-${++seq}`,
          }),
          fields: {
            donorKind: CHOICE,
            donorName: TEXT,
            // A checkbox: "on" ticks it, anything else leaves it unticked.
            anonymous: { ...allBut(NOT_TEXT, equals(false)), duplicated: equals(true) },
            target: CHOICE,
            // Yuan with at most two decimals, > 0: full-width digits are read as the number.
            amount: { duplicated: FIRST, fractional: equals(150), 'full-width digits': equals(1200) },
            receivedOn: CHOICE,
            // Optional; compared half-width, without spaces, upper case: letters, digits and - _ / .
            bankReference: { duplicated: FIRST, empty: EMPTY, fractional: equals('1.5'), 'full-width digits': equals('12') },
          },
          read: async () => {
            const [row] = await t.db.getRepository(DonationReceipt).find({ where: { office: office() }, order: { id: 'DESC' }, take: 1 });
            return { ...row, target: row.projectId ?? 'fund', amount: row.amountFen } as unknown as Record<string, unknown>;
          },
        },
        {
          route: `POST ${base}/:id/void`,
          actor,
          page: () => `${base}/${voidable[who].id}`,
          action: () => `${base}/${voidable[who].id}/void`,
          before: async () =>
            void (await t.db
              .getRepository(DonationReceipt)
              .update({ id: voidable[who].id }, { voidedAt: null, voidReason: null, voidedById: null })),
          valid: () => ({ reason: '金额登记错误', confirmed: '1' }),
          // The confirmation is not typed (the confirmation page's button sends it).
          fields: { reason: TEXT, confirmed: {} },
          read: async () => ({ reason: (await t.db.getRepository(DonationReceipt).findOneByOrFail({ id: voidable[who].id })).voidReason }),
        },
      ];
    }),
    {
      route: 'POST /county/import/confirm',
      actor: 'countyX',
      page: () => '/county/import',
      action: () => '/county/import/confirm',
      valid: () => ({ importId: '0'.repeat(32) }),
      // Only the id of the upload this session was shown can be confirmed.
      fields: { importId: {} },
      read: async () => ({}),
    },
  ];

  describe.each(FORMS.map((form) => [form.route, form] as const))('%s', (_route, form) => {
    it.each(Object.keys(form.fields))('field %s', async (field) => {
      const problems: string[] = [];
      // The record is put back (and the database read again) only after a request changed it:
      // after a refusal, the snapshot taken after it is the one before the next.
      let state: DbSnapshot | undefined;
      for (const label of LABELS) {
        if (!state) {
          await form.before?.();
          state = await snap();
        }
        const value = hostile(label, form.valid()[field] ?? '');
        const res = await send(form, field, value);
        const read = async () => (await form.read(res))[field];
        const verdict = await judge(res, form.fields[field][label], state, read, value);
        problems.push(...verdict.problems.map((p) => `${label}: ${p}`));
        state = verdict.problems.length === 0 ? verdict.after : undefined;
      }
      expect(problems).toEqual([]);
    });
  });

  // -------------------------------------------------------------------------------------------
  // A whole body of the wrong shape (the token in the header, so that the body itself is judged)

  const WRONG_BODIES: [string, string, string][] = [
    ['a JSON array', 'application/json', '["a", "b"]'],
    ['a JSON string', 'application/json', '"text"'],
    ['JSON null', 'application/json', 'null'],
    ['broken JSON', 'application/json', '{"name": '],
    ['nested JSON', 'application/json', '{"a": {"b": {"c": [1, {"d": 2}]}}}'],
    ['2,001 form fields', 'application/x-www-form-urlencoded', Array.from({ length: 2001 }, (_, i) => `f${i}=1`).join('&')],
    ['2 MB of form text', 'application/x-www-form-urlencoded', `name=${'x'.repeat(2_000_000)}`],
    ['text/plain', 'text/plain', 'name=x'],
  ];

  it.each(FORMS.map((form) => [form.route, form] as const))('refuses a body of the wrong shape: %s', async (_route, form) => {
    const problems: string[] = [];
    await form.before?.();
    let state = await snap();
    for (const [what, type, body] of WRONG_BODIES) {
      const { agent, token } = await agentFor(form);
      const res = await agent
        .post(form.action())
        .set('X-Forwarded-For', nextAddress())
        .set('X-CSRF-Token', token)
        .set('Content-Type', type)
        .send(body);
      // Some of these carry no field at all: an empty form is refused, or (a checkbox-only form) accepted.
      if (res.status < 400) {
        state = await snap();
        continue;
      }
      const verdict = await judge(res, undefined, state, async () => undefined, '');
      problems.push(...verdict.problems.map((p) => `${what}: ${p}`));
      state = verdict.after ?? (await snap());
    }
    expect(problems).toEqual([]);
  });

  // -------------------------------------------------------------------------------------------
  // Path parameters: every :param of every route, as the actor who may use the route

  /** A 10⁵-character value in the URL overflows Node's 16 KB header limit: Node answers 431 before the app. */
  const URL_TOO_LONG = 431;
  const PATH_LABELS = LABELS.filter((l) => l !== 'duplicated' && l !== 'object');

  const actorFor = (path: string): Agent =>
    path.startsWith('/admin') ? agents.organiser : path.startsWith('/county') ? agents.countyX : agents.buyerA;

  it('answers every path parameter with a 404 in Chinese (or the parent page), never a 500', async () => {
    const routes = registeredRoutes(t.app).filter((r) => r.includes(':'));
    const registered = new Set(registeredRoutes(t.app));
    expect(routes.length).toBeGreaterThan(20);
    const problems: string[] = [];
    for (const route of routes) {
      // Every one is a refusal (or a GET of the parent page): the database is compared per route.
      const before = await snap();
      const [method, pattern] = route.split(' ');
      const agent = actorFor(pattern);
      const token = method === 'POST' ? await tokenFor(agent, '/login') : '';
      for (const label of PATH_LABELS) {
        const value = hostile(label, '') as string;
        const path = pattern.replace(/:\w+/g, encodeURIComponent(value));
        const res = method === 'GET' ? await agent.get(path) : await agent.post(path).type('form').send({ _csrf: token });
        if (label === 'long' && res.status === URL_TOO_LONG) continue;
        // An empty id leaves the parent path, which may be a page of its own (/products/ → the list).
        const parent = `${method} ${path.replace(/\/+$/, '')}`;
        if (label === 'empty' && res.status < 400 && registered.has(parent)) continue;
        const verdict = await judge(res, undefined, null, async () => undefined, value);
        problems.push(...verdict.problems.map((p) => `${route} with ${label}: ${p}`));
      }
      const changed = snapshotDiff(before, await snap());
      if (changed.length) problems.push(`${route}: the refused requests changed ${changed.join('; ')}`);
    }
    expect(problems).toEqual([]);
  });

  // -------------------------------------------------------------------------------------------
  // Query parameters: the public API (strict: 400 with a Chinese message), the HTML lists and
  // filters (lenient: a bad value is ignored or corrected, the page is shown), the downloads.

  /** For the query string: the 10⁵ characters (431 from Node) and 4,000, which reach the app. */
  const QUERY_LABELS = [...LABELS, 'longish'] as const;
  type QueryLabel = (typeof QUERY_LABELS)[number];
  const queryValue = (label: QueryLabel, valid: string): Sent => (label === 'longish' ? 'y'.repeat(4000) : hostile(label, valid));
  /** In a query string an "object" is `a[b]=1`, a parameter of another name: ignored everywhere. */
  const IGNORED: Check = { what: 'ignored', ok: () => true };
  const ANSWERED: Check = { what: 'answered', ok: () => true };
  const QUERY_TEXT: Accepts & { longish?: Check } = {
    empty: ANSWERED,
    'zero-width': ANSWERED,
    duplicated: ANSWERED,
    object: IGNORED,
    negative: ANSWERED,
    fractional: ANSWERED,
    emoji: ANSWERED,
    rtl: ANSWERED,
    'full-width digits': ANSWERED,
    script: ANSWERED,
    sql: ANSWERED,
  };
  const QUERY_CHOICE = { empty: ANSWERED, 'zero-width': ANSWERED, duplicated: ANSWERED, object: IGNORED };
  const QUERY_NUMBER = { ...QUERY_CHOICE, 'full-width digits': ANSWERED };
  /** The downloads' filters: the first of a repeated value; nothing else that is not a county, a type. */
  const EXPORT_FILTER = { empty: ANSWERED, duplicated: ANSWERED, object: IGNORED };
  /** Every value but the 10⁵ characters is answered with the page. */
  const LENIENT = Object.fromEntries(QUERY_LABELS.filter((l) => l !== 'long').map((l) => [l, ANSWERED])) as Record<QueryLabel, Check>;

  interface QuerySpec {
    /** The route, for the test's name. */
    route: string;
    path: () => string;
    agent: () => Agent;
    /** Parameter → a valid value (the first of a duplicated pair) and what may be answered with 2xx. */
    params: Record<string, [string | (() => string), Partial<Record<QueryLabel, Check>>]>;
  }

  const QUERIES: QuerySpec[] = [
    {
      route: '/api/products',
      path: () => '/api/products',
      agent: () => request.agent(t.http),
      params: {
        county: ['341321', QUERY_CHOICE],
        category: ['蔬菜水果', QUERY_CHOICE],
        // Control characters are dropped from a query: "a\0b" is searched as "ab".
        q: ['酥梨', { ...QUERY_TEXT, nul: ANSWERED }],
        minPrice: ['1000', QUERY_NUMBER],
        maxPrice: ['9000', QUERY_NUMBER],
        sort: ['price_asc', QUERY_CHOICE],
        page: ['1', QUERY_NUMBER],
        pageSize: ['10', QUERY_NUMBER],
      },
    },
    {
      route: '/products',
      path: () => '/products',
      agent: () => request.agent(t.http),
      params: Object.fromEntries(
        Object.entries({
          q: '酥梨',
          county: '341321',
          category: '蔬菜水果',
          minPrice: '10',
          maxPrice: '90',
          sort: 'price_asc',
          page: '1',
        }).map(([k, v]) => [k, [v, LENIENT]]),
      ),
    },
    {
      route: '/admin/intents',
      path: () => '/admin/intents',
      agent: () => agents.organiser,
      params: Object.fromEntries(
        Object.entries({
          county: '341321',
          status: 'submitted',
          type: '学校',
          from: '2020-10-01',
          to: '2020-10-31',
          q: '中学',
          page: '1',
        }).map(([k, v]) => [k, [v, LENIENT]]),
      ),
    },
    {
      route: '/admin/audit',
      path: () => '/admin/audit',
      agent: () => agents.organiser,
      params: Object.fromEntries(
        Object.entries({
          user: 'organiser',
          action: 'auth.login',
          entityType: 'user',
          entityId: '1',
          from: '2020-10-01',
          to: '2020-10-31',
          page: '1',
        }).map(([k, v]) => [k, [v, LENIENT]]),
      ),
    },
    {
      route: '/admin/products',
      path: () => '/admin/products',
      agent: () => agents.organiser,
      params: { status: ['submitted', LENIENT], county: ['341321', LENIENT] },
    },
    {
      route: '/admin/objections',
      path: () => '/admin/objections',
      agent: () => agents.organiser,
      params: { status: ['open', LENIENT], page: ['1', LENIENT] },
    },
    {
      route: '/admin',
      path: () => '/admin',
      agent: () => agents.organiser,
      params: { county: ['341321', LENIENT], type: ['学校', LENIENT] },
    },
    {
      route: '/admin/buyers',
      path: () => '/admin/buyers',
      agent: () => agents.organiser,
      params: { q: ['中学', LENIENT], type: ['学校', LENIENT], page: ['1', LENIENT] },
    },
    { route: '/login', path: () => '/login', agent: () => request.agent(t.http), params: { next: ['/products', LENIENT] } },
    {
      route: '/my/intents/:id/receipt',
      path: () => `/my/intents/${intentA.id}/receipt`,
      agent: () => agents.buyerA,
      params: { print: ['1', LENIENT] },
    },
    {
      route: '/objections/new',
      path: () => '/objections/new',
      agent: () => request.agent(t.http),
      // The product must be a published product's id (404 otherwise); the subject only pre-fills the form.
      params: { product: [() => String(pPub.id), { object: IGNORED }], subject: ['意向金额合计', LENIENT] },
    },
    ...['/admin/exports/fair-workbook.xlsx', '/admin/exports/letters.xlsx'].map((path): QuerySpec => ({
      route: path,
      path: () => path,
      agent: () => agents.organiser,
      // A filter that names nothing is refused with the error page (a download under a filter
      // that was not applied would mislead), invisible characters included. Statuses may be
      // repeated (status=signed&status=confirmed): each one must be a status.
      params: {
        county: ['341321', EXPORT_FILTER],
        type: ['学校', EXPORT_FILTER],
        status: ['submitted', { empty: ANSWERED, object: IGNORED }],
      },
    })),
    { route: '/my/letter.xlsx', path: () => '/my/letter.xlsx', agent: () => agents.buyerA, params: { county: ['341321', EXPORT_FILTER] } },
    // 认领认捐: the board and its workbook name a fair by id; anything else names no fair (404).
    ...['/admin/donations', '/admin/donations/export'].map((path): QuerySpec => ({
      route: path,
      path: () => path,
      agent: () => agents.organiser,
      params: { fair: [() => String(fairId), EXPORT_FILTER] },
    })),
  ];

  describe.each(QUERIES.map((q) => [q.route, q] as const))('GET %s', (_route, spec) => {
    it.each(Object.keys(spec.params))('parameter %s', async (param) => {
      const [validValue, accepts] = spec.params[param];
      const valid = typeof validValue === 'function' ? validValue() : validValue;
      const agent = spec.agent();
      const problems: string[] = [];
      const state = await snap();
      for (const label of QUERY_LABELS) {
        const value = queryValue(label, valid);
        const query = new URLSearchParams();
        if (label === 'object') query.append(`${param}[a]`, '1');
        else for (const one of [value].flat()) query.append(param, one as string);
        const res = await agent.get(`${spec.path()}?${query.toString()}`);
        if (label === 'long' && res.status === URL_TOO_LONG) continue;
        const verdict = await judge(res, accepts[label], null, async () => res.status, value as string);
        problems.push(...verdict.problems.map((p) => `${label}: ${p}`));
      }
      // GETs change nothing, whatever they are asked: compared once for the whole parameter.
      const changed = snapshotDiff(state, await snap());
      if (changed.length) problems.push(`the GETs changed ${changed.join('; ')}`);
      expect(problems).toEqual([]);
    });
  });

  // -------------------------------------------------------------------------------------------
  // The Excel import: hostile file names (shown on the preview) and contents

  it('previews an upload under any file name, showing the name escaped', async () => {
    const problems: string[] = [];
    const sheet = await templateWith([productRow(1, { code: 'UP-001' })]);
    for (const label of LABELS.filter((l) => !['duplicated', 'object', 'long', 'nul'].includes(l))) {
      const name = `${hostile(label, '') as string}.xlsx`;
      const token = await tokenFor(agents.countyX, '/county/import');
      const before = await snap();
      const res = await agents.countyX.post(`/county/import?_csrf=${encodeURIComponent(token)}`).attach('file', sheet, name);
      if (res.status !== 200) problems.push(`${label}: ${res.status} ${messagesOf(res).join(' / ')}`);
      for (const raw of RAW_MARKUP) if (res.text.includes(raw)) problems.push(`${label}: the file name is shown unescaped`);
      const changed = snapshotDiff(before, await snap()).filter((c) => !c.startsWith('files'));
      if (changed.length) problems.push(`${label}: the preview changed ${changed.join('; ')}`);
    }
    expect(problems).toEqual([]);
  });

  it('refuses uploads that are not an import sheet, in Chinese, and previews hostile cells escaped', async () => {
    const problems: string[] = [];
    const uploads: [string, Buffer, string][] = [
      ['an empty file', Buffer.alloc(0), '产品.xlsx'],
      ['10⁵ bytes of text', Buffer.from(LONG), '产品.xlsx'],
      [
        'a PNG',
        Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'),
        '产品.xlsx',
      ],
      ['an HTML file', Buffer.from(`<html><body>${SCRIPT}</body></html>`), `${SCRIPT}.xlsx`],
      [
        'a sheet with hostile cells',
        await templateWith([
          productRow(1, { code: 'UP-002', name: SCRIPT, origin: "' OR 1=1 --", description: SECOND }),
          productRow(2, { code: 'UP-003', name: '\u200B', capacity: '１２', price: -1 }),
        ]),
        '产品.xlsx',
      ],
    ];
    for (const [what, bytes, name] of uploads) {
      const token = await tokenFor(agents.countyX, '/county/import');
      const before = await snap();
      const res = await agents.countyX.post(`/county/import?_csrf=${encodeURIComponent(token)}`).attach('file', bytes, name);
      // The hostile sheet is shown as a preview with its rows' problems (422, nothing kept).
      // Any upload, refused or not, discards the upload previewed before it: files may change.
      const verdict = await judge(res, undefined, { ...before, files: [] }, async () => undefined, '');
      problems.push(...verdict.problems.filter((p) => !/^refused, yet changed files/.test(p)).map((p) => `${what}: ${p}`));
    }
    const token = await tokenFor(agents.countyX, '/county/import');
    const textInsteadOfFile = await agents.countyX.post(`/county/import?_csrf=${encodeURIComponent(token)}`).field('file', SCRIPT);
    problems.push(
      ...(await judge(textInsteadOfFile, undefined, await snap(), async () => undefined, '')).problems.map((p) => `text as the file: ${p}`),
    );
    expect(problems).toEqual([]);
  });

  // -------------------------------------------------------------------------------------------
  // Hostile but valid text, stored through the real forms, is shown escaped wherever it appears
  // (the sweep above has stored more of it: products named <script>…, a fair named so…).

  describe('hostile text stored through the forms', () => {
    const PRODUCT_NAME = '<script>alert("梨")</script>酥梨';
    const DESCRIPTION = '<img src=x onerror=alert(1)>皮薄多汁';
    const SPEC = '"><svg onload=alert(1)>5kg';
    const UNIT_NAME = '甲\u202E乙<b onmouseover=alert(1)>实验中学';
    const CONTACT = '<i>王</i>老师';
    const OBJECTION = '</textarea><script>alert(3)</script>价格不实';
    /** Handlebars' escaping, as the pages must show the text. */
    const escaped = (text: string) =>
      text.replace(
        /[&<>"'`=]/g,
        (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;', '`': '&#x60;', '=': '&#x3D;' })[c]!,
      );
    const RAW = [SCRIPT, '<script>alert("梨")', '<img src=x', '<svg onload', '<b onmouseover', '<i>王', '</textarea><script>'];
    let productId: number;
    let intentId: number;
    let objectionId: number;
    let unitAgent: Agent;

    beforeAll(async () => {
      const newForm = await agents.countyX.get('/county/products/new');
      let create = agents.countyX.post(`/county/products?_csrf=${encodeURIComponent(csrfFrom(newForm.text))}`);
      for (const [k, v] of Object.entries({ ...productFields('XSS-1'), name: PRODUCT_NAME, description: DESCRIPTION, spec: SPEC })) {
        create = create.field(k, v);
      }
      const created = await create;
      expect(created.status).toBe(303);
      productId = Number(/\/county\/products\/(\d+)$/.exec(created.headers.location)![1]);
      const countyToken = await tokenFor(agents.countyX, '/county');
      expect((await agents.countyX.post(`/county/products/${productId}/submit`).type('form').send({ _csrf: countyToken })).status).toBe(
        303,
      );
      const organiserToken = await tokenFor(agents.organiser, '/admin');
      expect(
        (await agents.organiser.post(`/admin/products/${productId}/approve`).type('form').send({ _csrf: organiserToken })).status,
      ).toBe(303);

      unitAgent = request.agent(t.http);
      const registration = await unitAgent.get('/register').set('X-Forwarded-For', nextAddress());
      const registered = await unitAgent
        .post('/register')
        .set('X-Forwarded-For', nextAddress())
        .type('form')
        .send({
          _csrf: csrfFrom(registration.text),
          name: UNIT_NAME,
          type: '学校',
          creditCode: validCreditCode('12', '341302'),
          contactName: CONTACT,
          mobile: '13912345678',
          address: '宿州市<u>测试路</u>1号',
          username: 'xss-school',
          password: 'secret-pass-1',
          passwordConfirm: 'secret-pass-1',
        });
      expect(registered.status).toBe(303);
      const listToken = csrfFrom((await unitAgent.get('/intent-list')).text);
      expect(
        (
          await unitAgent
            .post('/intent-list/items')
            .type('form')
            .send({ _csrf: listToken, productId: String(productId), quantity: '20' })
        ).status,
      ).toBe(303);
      const submitForm = await unitAgent.get('/intent-list/submit');
      const submitted = await unitAgent
        .post('/intent-list/submit')
        .type('form')
        .send({
          _csrf: csrfFrom(submitForm.text),
          idempotencyKey: /name="idempotencyKey" value="([^"]+)"/.exec(submitForm.text)![1],
          contactName: CONTACT,
          contactPhone: '13912345678',
          note: OBJECTION,
        });
      expect(submitted.status).toBe(303);
      intentId = Number(/\/my\/intents\/(\d+)$/.exec(submitted.headers.location)![1]);

      const visitor = request.agent(t.http);
      const objectionForm = await visitor.get(`/objections/new?product=${productId}`).set('X-Forwarded-For', nextAddress());
      const raised = await visitor
        .post('/objections/new')
        .set('X-Forwarded-For', nextAddress())
        .type('form')
        .send({ _csrf: csrfFrom(objectionForm.text), productId: String(productId), text: OBJECTION, contact: CONTACT });
      expect(raised.status).toBe(303);
      objectionId = Number(/\/objections\/(\d+)\/thanks$/.exec(raised.headers.location)![1]);
    });

    /** Page → who looks at it, and which stored texts it must show (escaped). */
    const PAGES: [string, () => string, () => Agent, string[]][] = [
      ['the front page', () => '/', () => request.agent(t.http), []],
      ['the catalogue', () => '/products', () => request.agent(t.http), [PRODUCT_NAME]],
      ['a catalogue search', () => `/products?q=${encodeURIComponent('酥梨')}`, () => request.agent(t.http), [PRODUCT_NAME]],
      ['the product page', () => `/products/${productId}`, () => request.agent(t.http), [PRODUCT_NAME, DESCRIPTION, SPEC]],
      ['the objection form', () => `/objections/new?product=${productId}`, () => request.agent(t.http), [PRODUCT_NAME]],
      ['公示', () => '/gongshi', () => request.agent(t.http), [UNIT_NAME]],
      ['the buyer’s intents', () => '/my/intents', () => unitAgent, []],
      ['the buyer’s intent', () => `/my/intents/${intentId}`, () => unitAgent, [PRODUCT_NAME, CONTACT, OBJECTION]],
      ['the receipt', () => `/my/intents/${intentId}/receipt`, () => unitAgent, [PRODUCT_NAME, UNIT_NAME]],
      ['the county’s products', () => '/county', () => agents.countyX, [PRODUCT_NAME]],
      ['the county’s listing', () => '/county/listing', () => agents.countyX, [PRODUCT_NAME]],
      ['the county’s product', () => `/county/products/${productId}`, () => agents.countyX, [PRODUCT_NAME, DESCRIPTION]],
      ['the product form', () => `/county/products/${productId}/edit`, () => agents.countyX, [PRODUCT_NAME, DESCRIPTION, SPEC]],
      ['the county’s demand', () => '/county/demand', () => agents.countyX, [PRODUCT_NAME]],
      ['the county’s signing', () => '/county/signing', () => agents.countyX, [PRODUCT_NAME, UNIT_NAME]],
      ['the dashboard', () => '/admin', () => agents.organiser, []],
      ['the review list', () => '/admin/products?status=published', () => agents.organiser, [PRODUCT_NAME]],
      ['the review page', () => `/admin/products/${productId}`, () => agents.organiser, [PRODUCT_NAME, DESCRIPTION]],
      ['the organiser’s intents', () => '/admin/intents', () => agents.organiser, [UNIT_NAME]],
      ['the organiser’s intent', () => `/admin/intents/${intentId}`, () => agents.organiser, [PRODUCT_NAME, UNIT_NAME, CONTACT]],
      ['the buyer units', () => '/admin/buyers', () => agents.organiser, [UNIT_NAME, CONTACT]],
      ['the audit log', () => '/admin/audit', () => agents.organiser, []],
      ['the objections', () => '/admin/objections', () => agents.organiser, [PRODUCT_NAME]],
      ['the objection', () => `/admin/objections/${objectionId}`, () => agents.organiser, [PRODUCT_NAME, OBJECTION, CONTACT]],
      ['the exports page', () => '/admin/exports', () => agents.organiser, []],
      ['the 认领认捐 board', () => '/admin/donations', () => agents.organiser, []],
    ];

    it.each(PAGES)('%s shows it escaped', async (_what, path, agent, shown) => {
      const res = await agent().get(path());
      expect(res.status).toBe(200);
      expect(RAW.filter((raw) => res.text.includes(raw))).toEqual([]);
      expect(shown.filter((text) => !res.text.includes(escaped(text)))).toEqual([]);
    });

    it('the API returns it as data, as JSON', async () => {
      const res = await request(t.http).get(`/api/products/${productId}`).expect(200);
      expect(res.type).toBe('application/json');
      expect(res.body).toMatchObject({ name: PRODUCT_NAME, spec: SPEC });
    });
  });

  // -------------------------------------------------------------------------------------------
  // Every POST route is swept above, or has no field to sweep (its path parameter is, below).

  const WITHOUT_FIELDS = [
    'POST /logout',
    // Cancelling a pledge sends only the confirmation (test/donation-pledges.e2e-spec.ts).
    'POST /pledges/:token/cancel',
    'POST /my/pledges/:id/cancel',
    'POST /intent-list/items/:id/remove',
    'POST /my/intents/:id/add-from-list',
    'POST /my/intents/:id/withdraw',
    'POST /county/products/:id/submit',
    'POST /county/products/:id/withdraw',
    'POST /county/products/:id/delete',
    'POST /county/listing/carry-over',
    'POST /admin/products/:id/approve',
    'POST /admin/fairs/:id/make-current',
    'POST /county/projects/:id/submit',
    'POST /county/projects/:id/withdraw',
    'POST /admin/projects/:id/approve',
    // The file upload is swept on its own below; the summary uploads in test/summaries.e2e-spec.ts.
    'POST /county/import',
    // The same upload machinery as the products' (its parser, worker and limits): test/targets.e2e-spec.ts sends it bad sheets.
    'POST /admin/targets/import',
    'POST /admin/targets/:id/delete',
    'POST /county/summary/files',
    'POST /county/summary/files/:id/replace',
    'POST /county/summary/files/:id/delete',
  ];

  it('sweeps every POST route the app registers', () => {
    const posts = registeredRoutes(t.app).filter((r) => r.startsWith('POST '));
    const swept = new Set([...FORMS.map((f) => f.route), ...WITHOUT_FIELDS]);
    expect(posts.filter((r) => !swept.has(r))).toEqual([]);
  });
});
