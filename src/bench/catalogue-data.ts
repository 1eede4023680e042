/**
 * Synthetic catalogue for the benchmark: counties and published products that read like a
 * province's fair (place + product names, cooperatives, towns, short descriptions), made
 * by a seeded generator so that every run loads the same rows. Bulk-inserted in one
 * transaction (see insertBenchProducts).
 */
import type { DataSource } from 'typeorm';
import { DateUtils } from 'typeorm/util/DateUtils';
import { PRODUCT_CATEGORIES } from '../products/product-options';

/** The product words per category; "酥梨" is one of ten fruit words, so it matches about 1% of the catalogue. */
const WORDS: Record<(typeof PRODUCT_CATEGORIES)[number], string[]> = {
  粮油米面: ['香稻米', '小米', '面粉', '挂面', '菜籽油', '芝麻香油', '花生油', '红薯粉条', '玉米糁', '黄豆'],
  肉禽蛋奶: ['烧鸡', '卤牛肉', '土鸡蛋', '咸鸭蛋', '黑猪肉', '山羊肉', '酸奶', '草鸡', '腊肉', '卤兔'],
  蔬菜水果: ['酥梨', '葡萄', '苹果', '黄桃', '山芋', '大蒜', '西瓜', '草莓', '石榴', '香菇'],
  水产品: ['小龙虾', '大闸蟹', '鲫鱼', '黄鳝', '泥鳅', '草鱼', '河虾', '鳜鱼', '银鱼', '甲鱼'],
  茶叶饮品: ['绿茶', '红茶', '毛峰', '菊花茶', '梨膏', '果汁', '槐花蜂蜜', '葛根粉', '桑叶茶', '豆浆粉'],
  休闲食品: ['麻花', '烧饼', '酥糖', '果脯', '瓜子', '锅巴', '花生米', '红薯干', '黄桃果干', '芝麻糖'],
  调味品: ['辣椒酱', '豆瓣酱', '香醋', '酱油', '芝麻酱', '花椒', '生姜', '蒜蓉酱', '腐乳', '香菇酱'],
  酒类: ['白酒', '米酒', '果酒', '黄酒', '梨酒', '葡萄酒', '高粱酒', '桑葚酒', '杨梅酒', '枸杞酒'],
  手工艺品: ['柳编筐', '草编包', '剪纸', '竹篮', '刺绣', '陶罐', '木雕', '布老虎', '麦秆画', '泥塑'],
  其他: ['艾草包', '中药材', '花卉苗木', '有机肥', '蚕丝被', '竹炭包', '香囊', '菊花', '金银花', '桔梗'],
};
const ADJECTIVES = ['', '', '有机', '富硒', '生态', '农家', '散养', '精选', '特级', '古法'];
const PACKS = ['', '', '（家庭装）', '（礼盒）', '（精品礼盒）', '（真空装）', '（散装）', '（大包装）'];
const SYLLABLES = '东西南北安宁和平清河丰泰永兴长乐金山石桥龙溪白云凤阳新华临泉怀远太湖望江黄梅青松'.split('');
const TOWNS = ['镇', '乡', '街道'];
const SUPPLIER_KINDS = ['专业合作社', '家庭农场', '农业科技有限公司', '食品有限公司', '种养殖合作社'];
const SENTENCES = [
  '当季采摘，冷链发货，品质稳定。',
  '传统工艺制作，不添加防腐剂。',
  '带动本村贫困户务工增收。',
  '适合单位福利、食堂和商超采购。',
  '沙土地种植，光照充足，口感好。',
  '真空包装，便于存放和运输。',
  '合作社统一标准种植，统一收购。',
  '可按需分装，支持批量订货。',
];
const UNITS = ['箱', '袋', '盒', '瓶', '斤', '公斤', '件'];

/** A small deterministic PRNG (mulberry32): the same seed gives the same catalogue. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface BenchCounty {
  code: string;
  name: string;
}

/** `count` counties named like 安宁县, with codes 34xxxx. `from` keeps codes unique across calls. */
export function benchCounties(count: number, from = 0): BenchCounty[] {
  const rnd = random(7 + from);
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    const name = SYLLABLES[Math.floor(rnd() * SYLLABLES.length)] + SYLLABLES[(n * 7) % SYLLABLES.length] + (n % 4 === 0 ? '区' : '县');
    return { code: String(340000 + n + 1), name: `${name}${n + 1}` };
  });
}

const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)];

/** One product row (column → value) for a county, as the product table stores it. */
function productRow(
  rnd: () => number,
  n: number,
  county: { id: number; name: string },
  publishedAt: Date,
): Record<string, string | number | Date | null> {
  const category = pick(rnd, PRODUCT_CATEGORIES);
  const word = pick(rnd, WORDS[category]);
  const place = county.name.replace(/\d+$/, '').slice(0, 2);
  const town = pick(rnd, SYLLABLES) + pick(rnd, SYLLABLES) + pick(rnd, TOWNS);
  const unit = pick(rnd, UNITS);
  const description = [pick(rnd, SENTENCES), pick(rnd, SENTENCES), `产自${county.name.replace(/\d+$/, '')}${town}。`].join('');
  return {
    countyId: county.id,
    code: `B-${n}`,
    name: `${place}${pick(rnd, ADJECTIVES)}${word}${pick(rnd, PACKS)}`,
    category,
    spec: `${1 + Math.floor(rnd() * 10)}kg/${unit}`,
    unit,
    priceFen: 500 + Math.floor(rnd() * 400) * 50,
    capacity: 100 + Math.floor(rnd() * 100) * 100,
    minOrder: 1 + Math.floor(rnd() * 20),
    supplierName: `${place}${pick(rnd, SYLLABLES)}${pick(rnd, SYLLABLES)}${word.slice(-2)}${pick(rnd, SUPPLIER_KINDS)}`,
    supplierCreditCode: '93340000MA0000000X',
    certificateNo: null,
    origin: `${county.name.replace(/\d+$/, '')}${town}`,
    description,
    povertyHouseholds: Math.floor(rnd() * 200),
    imageKey: null,
    status: 'published' as const,
    reviewReason: null,
    pendingChanges: null,
    publishedAt: new Date(publishedAt.getTime() + n * 1000),
  };
}

/** better-sqlite3's own connection (the SQLite loader works below TypeORM). */
export interface SqliteConnection {
  prepare(sql: string): { run(...values: unknown[]): unknown; all(...values: unknown[]): unknown[] };
  exec(sql: string): unknown;
  transaction(fn: () => void): () => void;
}

/** A query inside one PostgreSQL transaction. */
export type PostgresQuery = (sql: string, params?: unknown[]) => Promise<unknown>;

const LIST_IN_CURRENT_FAIR = (current: string) =>
  `INSERT INTO "fair_listing" ("fairId", "productId")
   SELECT f."id", p."id" FROM "fair" f CROSS JOIN "product" p
   WHERE f."current" = ${current} AND p."status" = 'published'
   AND NOT EXISTS (SELECT 1 FROM "fair_listing" l WHERE l."fairId" = f."id" AND l."productId" = p."id")`;

/** The rows of products from..from+count-1 as column lists, in `columns` order. */
function productRows(counties: { id: number; name: string }[], count: number, from: number) {
  const rnd = random(1017 + from);
  const start = new Date(Date.UTC(2020, 8, 1));
  const columns = Object.keys(productRow(random(0), 0, { id: 0, name: '' }, start));
  const rows = function* () {
    for (let n = from; n < from + count; n++) {
      const row = productRow(rnd, n, counties[n % counties.length], start);
      yield columns.map((c) => row[c]);
    }
  };
  return { names: columns.map((c) => `"${c}"`).join(', '), columns, rows };
}

/**
 * SQLite: one prepared INSERT per row in one transaction, then the search index (the
 * product_search_insert trigger's own statement, run once over the new products instead of
 * once per row: 2.6 times less CPU for ~96 index entries a product) and the listing. The
 * trigger is dropped and created again from its stored SQL inside the same transaction, so a
 * failed load leaves it as it was; if its statement no longer has the expected shape, the
 * trigger simply stays and does the work row by row.
 */
export function insertProductsSqlite(sqlite: SqliteConnection, counties: { id: number; name: string }[], count: number, from = 0): void {
  const { names, columns, rows } = productRows(counties, count, from);
  const insert = sqlite.prepare(`INSERT INTO "product" (${names}) VALUES (${columns.map(() => '?').join(', ')})`);
  const trigger = (
    sqlite.prepare(`SELECT "sql" FROM "sqlite_master" WHERE "type" = 'trigger' AND "name" = 'product_search_insert'`).all() as {
      sql: string;
    }[]
  )[0]?.sql;
  const body = trigger
    ?.slice(trigger.indexOf('BEGIN') + 5, trigger.lastIndexOf('END'))
    .trim()
    .replace(/;$/, '');
  const last = (sqlite.prepare(`SELECT COALESCE(MAX("id"), 0) AS "id" FROM "product"`).all() as { id: number }[])[0].id;
  const { sql: indexAfter, sources } = overNewProducts(body, /SELECT NEW\."id" AS id, (\w+)\(NEW\."(\w+)"()\) AS v/g, last);
  const setBased = trigger !== undefined && indexAfter !== undefined && sources > 0;
  sqlite.transaction(() => {
    if (setBased) sqlite.exec(`DROP TRIGGER "product_search_insert"`);
    for (const row of rows()) insert.run(...row.map((v) => (v instanceof Date ? DateUtils.mixedDateToUtcDatetimeString(v) : v)));
    if (setBased) {
      sqlite.exec(indexAfter!);
      sqlite.exec(trigger!);
    }
    sqlite.prepare(LIST_IN_CURRENT_FAIR('1')).run();
  })();
}

/**
 * PostgreSQL, inside the caller's transaction: multi-row INSERTs of 1,000 rows (23 columns ×
 * 1,000 stays under the 65,535 bound parameters), then the search index as on SQLite: the
 * trigger function's own INSERT, run once over the new rows, with the row trigger disabled
 * meanwhile (ALTER TABLE locks the table until the load commits: the app is idle then).
 */
export async function insertProductsPostgres(
  query: PostgresQuery,
  counties: { id: number; name: string }[],
  count: number,
  from = 0,
): Promise<void> {
  const { names, rows } = productRows(counties, count, from);
  const source = ((await query(`SELECT "prosrc" FROM "pg_proc" WHERE "proname" = 'product_search_index'`)) as { prosrc: string }[])[0]
    ?.prosrc;
  const last = Number(((await query(`SELECT COALESCE(MAX("id"), 0) AS "id" FROM "product"`)) as { id: number }[])[0].id);
  const statement = /INSERT INTO "product_search_gram"[\s\S]*?ON CONFLICT DO NOTHING/.exec(source ?? '')?.[0];
  const { sql: indexAfter, sources } = overNewProducts(statement, /SELECT NEW\."id" AS id, (\w+)\(NEW\."(\w+)"([^)]*)\) AS v/g, last);
  const setBased = indexAfter !== undefined && sources > 0;
  if (setBased) await query(`ALTER TABLE "product" DISABLE TRIGGER "product_search_insert"`);
  const BATCH = 1_000;
  let params: unknown[] = [];
  let tuples: string[] = [];
  const flush = async () => {
    if (tuples.length > 0) await query(`INSERT INTO "product" (${names}) VALUES ${tuples.join(', ')}`, params);
    params = [];
    tuples = [];
  };
  for (const row of rows()) {
    tuples.push(`(${row.map((_, k) => `$${params.length + k + 1}`).join(', ')})`);
    params.push(...row);
    if (tuples.length === BATCH) await flush();
  }
  await flush();
  if (setBased) {
    await query(indexAfter);
    // ALTER TABLE refuses while the rows' deferred triggers (catalogue_version) are pending: run them now.
    await query('SET CONSTRAINTS ALL IMMEDIATE');
    await query(`ALTER TABLE "product" ENABLE TRIGGER "product_search_insert"`);
    await query('SET CONSTRAINTS ALL DEFERRED');
  }
  await query(LIST_IN_CURRENT_FAIR('true'));
}

/**
 * A search trigger's INSERT (over NEW, one product) rewritten over every product after `last`;
 * undefined when it has no longer the expected shape (the trigger then does the work).
 */
function overNewProducts(statement: string | undefined, newText: RegExp, last: number): { sql?: string; sources: number } {
  if (!statement) return { sources: 0 };
  let sources = 0;
  const sql = statement.replace(newText, (_, fn: string, column: string, rest: string) => {
    sources++;
    return `SELECT p."id" AS id, ${fn}(p."${column}"${rest}) AS v FROM "product" p WHERE p."id" > ${last}`;
  });
  return /NEW\./.test(sql) ? { sources: 0 } : { sql, sources };
}

/**
 * Inserts `count` published products spread over the given counties, numbered from `from`
 * (product codes B-<n> stay unique), in one transaction, and lists them in the current fair
 * (参展) as approving them would. Through the app's own DataSource (the export bench).
 */
export async function insertBenchProducts(
  db: DataSource,
  counties: { id: number; name: string }[],
  count: number,
  from = 0,
): Promise<void> {
  if (db.options.type === 'postgres') {
    await db.transaction((m) => insertProductsPostgres((sql, params) => m.query(sql, params), counties, count, from));
  } else {
    insertProductsSqlite((db.driver as unknown as { databaseConnection: SqliteConnection }).databaseConnection, counties, count, from);
  }
}
