import { Controller, Get, Query, Render } from '@nestjs/common';
import { Roles } from '../auth/roles.decorator';
import { pagination, parsePage } from '../common/page-param';
import { AuditService } from './audit.service';

const PAGE_SIZE = 50;

/** The organiser reads the audit log, newest first. */
@Controller('admin/audit')
@Roles('organiser')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Render('audit/index')
  async index(@Query('page') pageParam?: string) {
    const page = parsePage(pageParam);
    const { items, total } = await this.audit.list(page, PAGE_SIZE);
    return {
      title: '操作日志',
      entries: items.map((e) => ({
        ...e,
        changeList: Object.entries(e.changes ?? {}).map(([field, c]) => ({
          field,
          before: c.before === null ? '（空）' : String(c.before),
          after: c.after === null ? '（空）' : String(c.after),
        })),
      })),
      filters: {},
      pager: pagination(page, total, PAGE_SIZE),
    };
  }
}
