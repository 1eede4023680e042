import type { SessionUser } from './current-user';

export interface NavItem {
  href: string;
  label: string;
  active?: boolean;
}

const PUBLIC_NAV: NavItem[] = [
  { href: '/', label: '首页' },
  { href: '/products', label: '产品目录' },
  { href: '/projects', label: '认领认捐' },
  { href: '/gongshi', label: '公示' },
];

const ROLE_NAV: Record<SessionUser['role'], NavItem[]> = {
  organiser: [
    { href: '/admin', label: '工作台' },
    { href: '/admin/fairs', label: '展销会' },
    { href: '/admin/products', label: '产品审核' },
    { href: '/admin/intents', label: '采购意向' },
    { href: '/admin/exports', label: '导出' },
    { href: '/admin/buyers', label: '采购单位' },
    { href: '/admin/counties', label: '县区设置' },
    { href: '/admin/summaries', label: '总结材料' },
    // 认领认捐: the campaign's board, the projects to review and the city office's receipts.
    { href: '/admin/donations', label: '认捐汇总' },
    { href: '/admin/projects', label: '项目审核' },
    { href: '/admin/donations/receipts', label: '捐赠票据' },
    { href: '/admin/objections', label: '异议处理' },
    { href: '/admin/audit', label: '操作日志' },
  ],
  county: [
    { href: '/county', label: '本县产品' },
    { href: '/county/listing', label: '参展产品' },
    { href: '/county/demand', label: '需求汇总' },
    { href: '/county/signing', label: '签约登记' },
    { href: '/county/summary', label: '总结材料' },
    { href: '/county/projects', label: '认捐项目' },
    { href: '/county/donations', label: '捐赠到账' },
  ],
  buyer: [
    { href: '/intent-list', label: '意向清单' },
    { href: '/my/intents', label: '我的意向' },
    { href: '/my/pledges', label: '我的认捐' },
  ],
};

/** The menu for a user (or a visitor), with the entry for the current path marked. */
export function navigationFor(user: SessionUser | undefined, path: string): NavItem[] {
  // Visitors may gather an intent list before they register or sign in.
  const items = [...PUBLIC_NAV, ...(user ? ROLE_NAV[user.role] : [{ href: '/intent-list', label: '意向清单' }])];
  // The longest matching prefix is the active entry ("/admin/intents" over "/admin").
  const best = items
    .filter((i) => (i.href === '/' ? path === '/' : path === i.href || path.startsWith(`${i.href}/`)))
    .sort((a, b) => b.href.length - a.href.length)[0];
  return items.map((i) => ({ ...i, active: i === best }));
}
