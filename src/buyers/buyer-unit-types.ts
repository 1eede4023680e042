/** 采购单位类型: stored as the Chinese label itself (it is what every sheet shows). */
export const BUYER_UNIT_TYPES = ['医院', '学校', '商超', '食堂', '企业', '机关事业单位', '其他'] as const;
export type BuyerUnitType = (typeof BUYER_UNIT_TYPES)[number];
