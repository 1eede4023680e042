import { Controller, Get, Query, Render } from '@nestjs/common';
import { Roles } from '../auth/roles.decorator';
import { isIsoDate } from '../common/dates';
import { pagination, parsePage } from '../common/page-param';
import { fieldLabel, formatValue, type RecordNames } from './audit-fields';
import type { AuditLog } from './audit-log.entity';
import { actionLabel, entityLabel, recordRef } from './audit-labels';
import { AuditRecordNames } from './audit-record-names.service';
import { AuditLogReader, type AuditFilter } from './audit-log-reader.service';

const PAGE_SIZE = 50;
/** CST midnight of a YYYY-MM-DD date as an instant. */
const cstMidnight = (date: string, plusDays = 0) => new Date(Date.parse(`${date}T00:00:00+08:00`) + plusDays * 86_400_000);

/** The entry's record by the name its owner gives it now, or the name the entry recorded (a deleted product's). */
function recordName(e: AuditLog, names: RecordNames): string | undefined {
  const id = e.entityId && /^\d{1,10}$/.test(e.entityId) ? Number(e.entityId) : null;
  const known = id === null ? undefined : names[e.entityType as keyof Omit<RecordNames, 'lineProduct'>]?.get(id);
  const recorded = e.changes?.name?.before ?? e.changes?.name?.after;
  return known ?? (typeof recorded === 'string' ? recorded : undefined);
}

/**
 * The organiser reads the audit log, newest first, filtered by who (part of the username),
 * what (action, entity type and id) and when (days read in China Standard Time). The filters
 * live in the URL, so a filtered view can be bookmarked and paged; bad values are ignored.
 */
@Controller('admin/audit')
@Roles('organiser')
export class AuditController {
  constructor(
    private readonly audit: AuditLogReader,
    private readonly names: AuditRecordNames,
  ) {}

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
    const names = await this.names.forEntries(items);
    return {
      title: '操作日志',
      entries: items.map((e) => ({
        ...e,
        actionLabel: actionLabel(e.action),
        labelled: actionLabel(e.action) !== e.action,
        record: recordRef(e.entityType, e.entityId, recordName(e, names)),
        changeList: Object.entries(e.changes ?? {}).map(([field, c]) => ({
          label: fieldLabel(e.entityType, field),
          before: formatValue(e.entityType, field, c.before, names),
          after: formatValue(e.entityType, field, c.after, names),
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
