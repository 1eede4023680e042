/** Categories from the national poverty-alleviation product catalogue's groupings. */
export const PRODUCT_CATEGORIES = [
  '粮油米面',
  '肉禽蛋奶',
  '蔬菜水果',
  '水产品',
  '茶叶饮品',
  '休闲食品',
  '调味品',
  '酒类',
  '手工艺品',
  '其他',
] as const;
export type ProductCategory = (typeof PRODUCT_CATEGORIES)[number];

export const PRODUCT_UNITS = ['斤', '公斤', '箱', '袋', '盒', '瓶', '桶', '只', '件', '套'] as const;

/** 草稿 → 待审核 → 已发布 / 已退回; 已下架 when withdrawn. */
export const PRODUCT_STATUSES = ['draft', 'submitted', 'returned', 'published', 'withdrawn'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

export const PRODUCT_STATUS_LABELS: Record<ProductStatus, string> = {
  draft: '草稿',
  submitted: '待审核',
  returned: '已退回',
  published: '已发布',
  withdrawn: '已下架',
};

/** The statuses a county may submit a product for review from (草稿, 已退回, 已下架). */
export const SUBMITTABLE_FROM: ProductStatus[] = ['draft', 'returned', 'withdrawn'];
/** The statuses a county may withdraw a product from (已发布, 待审核): the way out once intents exist. */
export const WITHDRAWABLE_FROM: ProductStatus[] = ['published', 'submitted'];
