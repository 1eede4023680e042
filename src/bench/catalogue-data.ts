/**
 * Synthetic catalogue for the benchmark: counties and published products that read like a
 * province's fair (place + product names, cooperatives, towns, short descriptions), made
 * by a seeded generator so that every run loads the same rows. Bulk-inserted with
 * multi-row INSERTs in one transaction: 20,000 products load in about a second.
 */
import type { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { PRODUCT_CATEGORIES } from '../products/product-options';
import { Product } from '../products/product.entity';

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
): QueryDeepPartialEntity<Product> {
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

/**
 * Inserts `count` published products spread over the given counties, numbered from `from`
 * (product codes B-<n> stay unique), in one transaction with multi-row INSERTs, and lists
 * them in the current fair (参展) as approving them would.
 */
export async function insertBenchProducts(
  db: DataSource,
  counties: { id: number; name: string }[],
  count: number,
  from = 0,
): Promise<void> {
  const rnd = random(1017 + from);
  const start = new Date(Date.UTC(2020, 8, 1));
  // 23 columns × 400 rows stays under SQLite's 32,766 bound parameters and PostgreSQL's 65,535.
  const BATCH = 400;
  await db.transaction(async (m) => {
    for (let i = 0; i < count; i += BATCH) {
      const rows: QueryDeepPartialEntity<Product>[] = [];
      for (let j = i; j < Math.min(count, i + BATCH); j++) {
        rows.push(productRow(rnd, from + j, counties[(from + j) % counties.length], start));
      }
      await m.createQueryBuilder().insert().into(Product).values(rows).execute();
    }
    await m.query(
      `INSERT INTO "fair_listing" ("fairId", "productId")
       SELECT f."id", p."id" FROM "fair" f CROSS JOIN "product" p
       WHERE f."current" = ${db.options.type === 'postgres' ? 'true' : '1'} AND p."status" = 'published'
       AND NOT EXISTS (SELECT 1 FROM "fair_listing" l WHERE l."fairId" = f."id" AND l."productId" = p."id")`,
    );
  });
}
