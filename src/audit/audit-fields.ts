import { ROLE_LABELS } from '../auth/roles';
import { formatDateCn, formatDateTimeCn } from '../common/dates';
import { formatFen } from '../common/money';
import { DONOR_KIND_LABELS, type DonorKind } from '../donations/donor-kinds';
import { CLAIM_MODE_LABELS } from '../donations/projects/dto/project-input.dto';
import { PROJECT_KIND_LABELS } from '../donations/project-kinds';
import { PROJECT_STATUS_LABELS } from '../donations/project-status';
import { INTENT_STATUS_LABELS } from '../intents/intent-status';
import { OBJECTION_STATUS_LABELS } from '../objections/objection-status';
import { PRODUCT_FIELD_LABELS } from '../products/dto/product-input.dto';
import { PRODUCT_STATUS_LABELS } from '../products/product-options';

/**
 * An audit entry's changes as people read them: each field by its Chinese label, each value
 * formatted (fen as ¥, dates as 2020年10月17日, 是/否, statuses in Chinese, records by name).
 * Pure: the names of records come in `RecordNames`, looked up in batches for the whole page.
 */

/** Names of the records a page of entries mentions, by id. */
export interface RecordNames {
  product: Map<number, string>;
  intent: Map<number, string>;
  buyer_unit: Map<number, string>;
  county: Map<number, string>;
  user: Map<number, string>;
  /** Intent line id → its product's id (signed and delivered quantities name lines). */
  lineProduct: Map<number, number>;
}

const { price: _price, ...productLabels } = PRODUCT_FIELD_LABELS;

/** Field labels by entity type; a field without one is shown by its code, so nothing hides. */
const FIELD_LABELS: Record<string, Record<string, string>> = {
  product: {
    ...productLabels,
    priceFen: '参考单价',
    imageKey: '图片',
    status: '状态',
    reviewReason: '退回原因',
    pendingChanges: '待审核的修改',
  },
  intent: {
    status: '状态',
    statusReason: '原因',
    lines: '意向产品',
    signedQuantity: '签约数量',
    deliveredQuantity: '成交数量',
  },
  settings: { fairName: '展销会名称', fairDate: '展销会日期', intentDeadline: '意向登记截止时间', minimumProducts: '每县最少产品数' },
  fair: {
    name: '展销会名称',
    date: '举办日期',
    venue: '举办地点',
    intentDeadline: '意向登记截止时间',
    minimumProducts: '每县最少产品数',
    status: '状态',
  },
  // The county's listing (参展产品): the fairs by id, the products by name.
  county: { minimumProducts: '最少产品数', fair: '展销会 ID', carriedFrom: '沿用自展销会 ID', added: '新增参展', removed: '取消参展' },
  buyer_unit: {
    name: '单位名称',
    type: '单位类型',
    creditCode: '统一社会信用代码',
    contactName: '联系人',
    mobile: '联系电话',
    address: '地址',
    anonymous: '公示时匿名',
    disabled: '已停用',
  },
  user: { username: '用户名', role: '角色', displayName: '姓名', buyerUnitId: '采购单位' },
  donation_receipt: {
    receiptNo: '票据号',
    pledgeId: '认捐记录 ID',
    projectId: '项目 ID',
    donorKind: '捐赠人类型',
    donorName: '捐赠人',
    anonymous: '匿名公示',
    amountFen: '到账金额',
    receivedOn: '到账日期',
    bankReference: '银行流水号',
    voidReason: '作废原因',
    voidedAt: '作废时间',
  },
  pledge: {
    pledgeNo: '认捐编号',
    projectId: '项目',
    countyId: '收款县区',
    claim: '整体认领',
    donorKind: '捐赠人类别',
    buyerUnitId: '采购单位',
    donorName: '捐赠人',
    anonymous: '匿名',
    amountFen: '认捐金额',
    status: '状态',
    claimReleased: '释放认领',
  },
  donation_account: { office: '收款单位', accountName: '户名', bankName: '开户行', accountNo: '账号', note: '说明' },
  disbursement: {
    projectId: '项目 ID',
    amountFen: '支付金额',
    paidOn: '支付日期',
    payee: '收款方',
    purpose: '用途',
    attachmentName: '付款凭证',
  },
  objection: {
    subjectType: '异议对象',
    productId: '产品',
    projectId: '认领认捐项目',
    donationReceiptId: '捐赠记录',
    subject: '事项',
    status: '状态',
    answer: '答复',
    reason: '关闭原因',
  },
  donation_project: {
    title: '项目名称',
    kind: '项目类别',
    township: '乡镇',
    village: '村',
    description: '项目说明',
    soughtFen: '所需金额',
    goodsSought: '所需物资',
    beneficiaryHouseholds: '受益户数',
    beneficiaryPeople: '受益人数',
    contactOffice: '联系单位',
    contactPhone: '联系电话',
    deadline: '截止日期',
    claimMode: '认领方式',
    acceptsUndirected: '可使用不定向捐款',
    imageKey: '图片',
    status: '状态',
    returnReason: '退回原因',
    publishedAt: '发布时间',
    claimedByPledgeId: '整体认领的认捐 ID',
  },
};

const STATUS_LABELS: Record<string, Record<string, string>> = {
  product: PRODUCT_STATUS_LABELS,
  intent: INTENT_STATUS_LABELS,
  objection: OBJECTION_STATUS_LABELS,
  pledge: { open: '有效', cancelled: '已取消' },
  donation_project: PROJECT_STATUS_LABELS,
};

/** Coded values other than the status, by entity type and field: shown by their Chinese label. */
const VALUE_LABELS: Record<string, Record<string, Record<string, string>>> = {
  donation_project: { kind: PROJECT_KIND_LABELS, claimMode: CLAIM_MODE_LABELS },
};

const SUBJECT_TYPES: Record<string, string> = { product: '产品', figure: '公示数据', project: '认领认捐项目', donation: '捐赠记录' };

export const fieldLabel = (entityType: string, field: string): string => FIELD_LABELS[entityType]?.[field] ?? field;

const EMPTY = '（空）';
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const byId = (names: Map<number, string>, id: unknown) => (typeof id === 'number' ? (names.get(id) ?? `#${id}`) : String(id));

/** One changed value as text. */
export function formatValue(entityType: string, field: string, v: unknown, names: RecordNames): string {
  if (v === null || v === undefined || v === '') return EMPTY;
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (field.endsWith('Fen') && typeof v === 'number') return formatFen(v);
  if (field === 'status' && typeof v === 'string') return STATUS_LABELS[entityType]?.[v] ?? v;
  if (typeof v === 'string' && VALUE_LABELS[entityType]?.[field]?.[v]) return VALUE_LABELS[entityType][field][v];
  if (field === 'role' && typeof v === 'string') return ROLE_LABELS[v as keyof typeof ROLE_LABELS] ?? v;
  if (field === 'subjectType' && typeof v === 'string') return SUBJECT_TYPES[v] ?? v;
  if (field === 'donorKind' && typeof v === 'string') return DONOR_KIND_LABELS[v as DonorKind] ?? v;
  if (field === 'productId') return byId(names.product, v);
  if (field === 'buyerUnitId') return byId(names.buyer_unit, v);
  if (field === 'imageKey') return '已上传图片';
  if (field === 'lines' && Array.isArray(v)) return formatLines(v, names);
  if ((field === 'signedQuantity' || field === 'deliveredQuantity') && Array.isArray(v)) return formatLineValues(v, names);
  if (field === 'pendingChanges' && typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>)
      .map(([f, x]) => `${fieldLabel('product', f)}：${formatValue('product', f, x, names)}`)
      .join('；');
  }
  if (typeof v === 'number') return v.toLocaleString('en-US');
  if (typeof v === 'string' && ISO_DATE.test(v)) return formatDateCn(v);
  if (typeof v === 'string' && ISO_INSTANT.test(v)) return formatDateTimeCn(v);
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.join('、');
  return JSON.stringify(v);
}

/** An intent's lines, [{productId, quantity}], as "砀山酥梨 × 100、梨膏 × 20". */
function formatLines(lines: unknown[], names: RecordNames): string {
  if (lines.length === 0) return '（无）';
  return lines
    .map((l) => {
      const { productId, quantity } = (l ?? {}) as { productId?: unknown; quantity?: unknown };
      return `${byId(names.product, productId)} × ${typeof quantity === 'number' ? quantity.toLocaleString('en-US') : String(quantity)}`;
    })
    .join('、');
}

/** Signed or delivered quantities per line, [{lineId, value}], as "砀山酥梨：100、梨膏：未登记". */
function formatLineValues(values: unknown[], names: RecordNames): string {
  if (values.length === 0) return '（无）';
  return values
    .map((x) => {
      const { lineId, value } = (x ?? {}) as { lineId?: unknown; value?: unknown };
      const productId = typeof lineId === 'number' ? names.lineProduct.get(lineId) : undefined;
      const name = productId !== undefined ? byId(names.product, productId) : `意向明细 #${String(lineId)}`;
      return `${name}：${typeof value === 'number' ? value.toLocaleString('en-US') : '未登记'}`;
    })
    .join('、');
}

/** The ids of records an entry's changes mention, by kind, for the batched look-ups. */
export function mentionedIds(changes: Record<string, { before: unknown; after: unknown }> | null) {
  const products: number[] = [];
  const units: number[] = [];
  const lines: number[] = [];
  const num = (v: unknown, into: number[]) => typeof v === 'number' && into.push(v);
  for (const [field, c] of Object.entries(changes ?? {})) {
    for (const v of [c.before, c.after]) {
      if (field === 'productId') num(v, products);
      if (field === 'buyerUnitId') num(v, units);
      if (field === 'lines' && Array.isArray(v)) for (const l of v) num((l as { productId?: unknown })?.productId, products);
      if ((field === 'signedQuantity' || field === 'deliveredQuantity') && Array.isArray(v)) {
        for (const l of v) num((l as { lineId?: unknown })?.lineId, lines);
      }
    }
  }
  return { products, units, lines };
}
