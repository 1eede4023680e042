import { Controller, Get, Query, Render } from '@nestjs/common';
import { Roles } from '../auth/roles.decorator';
import { isIsoDate } from '../common/dates';
import { pagination, parsePage } from '../common/page-param';
import { actionLabel, entityLabel, entityPage } from './audit-labels';
import { AuditLogReader, type AuditFilter } from './audit-log-reader.service';

const PAGE_SIZE = 50;
/** CST midnight of a YYYY-MM-DD date as an instant. */
const cstMidnight = (date: string, plusDays = 0) => new Date(Date.parse(`${date}T00:00:00+08:00`) + plusDays * 86_400_000);

/** A changed value as text: objects (lists of intent lines…) as JSON rather than "[object Object]". */
const showValue = (v: unknown): string => {
  if (v === null || v === undefined || v === '') return '（空）';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
};

/**
 * The organiser reads the audit log, newest first, filtered by who (part of the username),
 * what (action, entity type and id) and when (days read in China Standard Time). The filters
 * live in the URL, so a filtered view can be bookmarked and paged; bad values are ignored.
 */
@Controller('admin/audit')
@Roles('organiser')
export class AuditController {
  constructor(private readonly audit: AuditLogReader) {}

  @Get()
  @Render('audit/index')
  async index(@Query() query: Record<string, unknown>) {
    const str = (k: string, max = 50) => (typeof query[k] === 'string' ? (query[k] as string).trim().slice(0, max) : '');
    const present = await this.audit.presentValues();
    const action = present.actions.includes(str('action')) ? str('action') : '';
    const entityType = present.entityTypes.includes(str('entityType')) ? str('entityType') : '';
    const entityId = /^[\w.-]{1,50}$/.test(str('entityId')) ? str('entityId') : '';
    const from = isIsoDate(str('from')) ? str('from') : '';
    const to = isIsoDate(str('to')) ? str('to') : '';
    const user = str('user');
    const filter: AuditFilter = {
      username: user || undefined,
      action: action || undefined,
      entityType: entityType || undefined,
      entityId: entityId || undefined,
      from: from ? cstMidnight(from) : undefined,
      to: to ? cstMidnight(to, 1) : undefined,
    };
    const page = parsePage(query.page);
    const { items, total } = await this.audit.list(filter, page, PAGE_SIZE);
    return {
      title: '操作日志',
      entries: items.map((e) => ({
        ...e,
        actionLabel: actionLabel(e.action),
        labelled: actionLabel(e.action) !== e.action,
        entityLabel: entityLabel(e.entityType),
        entityHref: entityPage(e.entityType, e.entityId),
        changeList: Object.entries(e.changes ?? {}).map(([field, c]) => ({
          field,
          before: showValue(c.before),
          after: showValue(c.after),
        })),
      })),
      actions: present.actions.map((value) => ({ value, label: actionLabel(value), selected: value === action })),
      entityTypes: present.entityTypes.map((value) => ({ value, label: entityLabel(value), selected: value === entityType })),
      filtered: Boolean(user || action || entityType || entityId || from || to),
      // The pagination partial builds its links from `filters`: they keep every filter.
      filters: { user, action, entityType, entityId, from, to },
      pager: pagination(page, total, PAGE_SIZE),
    };
  }
}
