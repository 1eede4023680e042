/**
 * Chinese names of the audit log's action codes and entity types, for the viewer. A code
 * without a label is shown as it is, so a new action never hides from the log.
 */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'auth.login': '登录',
  'settings.update': '修改展销会设置',
  'fair.create': '新建展销会',
  'fair.update': '修改展销会',
  'fair.status': '改变展销会状态',
  'fair.make-current': '设为当前展销会',
  'county.update': '修改县区设置',
  'listing.update': '修改参展产品',
  'listing.carry-over': '沿用上届参展产品',
  'buyer.register': '采购单位注册',
  'buyer.disable': '停用采购单位',
  'buyer.enable': '启用采购单位',
  'product.create': '新增产品',
  'product.update': '修改产品',
  'product.import': '导入产品',
  'product.submit': '提交审核',
  'product.approve': '审核通过',
  'product.return': '退回修改',
  'product.withdraw': '下架产品',
  'product.delete': '删除产品',
  'intent.submit': '提交意向',
  'intent.amend': '修改意向',
  'intent.add-lines': '追加意向产品',
  'intent.withdraw': '撤回意向',
  'intent.confirm': '确认意向',
  'intent.cancel': '取消意向',
  'intent.reopen': '重新打开意向',
  'intent.sign': '登记签约',
  'intent.deliver': '登记成交',
  'target.create': '添加认购目标',
  'target.update': '修改认购目标',
  'target.delete': '删除认购目标',
  'target.import': '导入认购目标',
  'objection.create': '提出异议',
  'objection.answer': '答复异议',
  'objection.close': '关闭异议',
  'pledge.create': '认捐/认领',
  'pledge.cancel': '取消认捐',
  'donation-account.update': '设置捐赠账户',
  'summary.upload': '上传总结材料',
  'summary.replace': '替换总结材料',
  'summary.delete': '删除总结材料',
  'summary.due-date': '修改总结材料截止日期',
  'donation-receipt.record': '登记到账（开具捐赠票据）',
  'donation-receipt.void': '作废捐赠票据',
  'disbursement.create': '登记资金使用',
  'project.create': '新增认领认捐项目',
  'project.update': '修改认领认捐项目',
  'project.submit': '提交项目审核',
  'project.withdraw': '撤回项目为草稿',
  'project.approve': '项目审核通过',
  'project.return': '退回项目',
  'project.status': '改变项目状态',
  'project.claim': '项目被整体认领',
  'project.unclaim': '取消项目整体认领',
};

export const AUDIT_ENTITY_LABELS: Record<string, string> = {
  user: '用户',
  settings: '展销会设置',
  fair: '展销会',
  county: '县区',
  buyer_unit: '采购单位',
  product: '产品',
  intent: '采购意向',
  purchase_target: '认购目标',
  objection: '异议',
  pledge: '认捐',
  donation_account: '捐赠账户',
  summary_file: '总结材料文件',
  donation_receipt: '捐赠票据',
  disbursement: '资金使用',
  donation_project: '认领认捐项目',
};

/** Where the organiser can open a record of this type, by id. */
const ENTITY_PAGES: Record<string, string> = {
  product: '/admin/products/',
  intent: '/admin/intents/',
  objection: '/admin/objections/',
  donation_project: '/admin/projects/',
};

/** Pages of kinds of record that have no page of their own: the list where they are set. */
const LIST_PAGES: Record<string, string> = {
  settings: '/admin/settings',
  fair: '/admin/settings',
  county: '/admin/counties',
  donation_account: '/admin/donations/accounts',
};

export const actionLabel = (code: string): string => AUDIT_ACTION_LABELS[code] ?? code;
export const entityLabel = (type: string): string => AUDIT_ENTITY_LABELS[type] ?? type;

export function entityPage(type: string, id: string | null): string | null {
  return id && ENTITY_PAGES[type] && /^\d+$/.test(id) ? `${ENTITY_PAGES[type]}${id}` : null;
}

/**
 * The record an entry is about, as people name it (`name`, from the owning feature, or the
 * name the entry itself recorded for a record since deleted), with the page to open it.
 */
export function recordRef(type: string, id: string | null, name: string | undefined): { text: string; href: string | null } {
  const label = entityLabel(type);
  const text = name ? `${label} ${name}` : id && type !== 'settings' ? `${label} #${id}` : label;
  if (type === 'buyer_unit' && name) return { text, href: `/admin/buyers?q=${encodeURIComponent(name)}` };
  return { text, href: entityPage(type, id) ?? LIST_PAGES[type] ?? null };
}
