import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { SessionUser } from '../auth/current-user';
import { AppError } from '../common/app-error';
import { formatDateCn } from '../common/dates';
import type { Fair } from '../fairs/fair.entity';
import { FairsService } from '../fairs/fairs.service';
import { SummaryDueDate } from './summary-due-date.entity';

/** Days between the fair and the summaries' default due date (17 October → 20 October). */
export const DEFAULT_DUE_DAYS = 3;
const CST_OFFSET_MS = 8 * 60 * 60 * 1000;

/** YYYY-MM-DD plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The instant a due date closes: the end of that day in China Standard Time. */
export function closesAt(dueDate: string): Date {
  const [y, m, d] = dueDate.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1) - CST_OFFSET_MS);
}

/** Each fair's due date for the counties' summaries: the organiser's, or three days after the fair. */
@Injectable()
export class SummaryDueDatesService {
  constructor(
    @InjectRepository(SummaryDueDate) private readonly repo: Repository<SummaryDueDate>,
    private readonly fairs: FairsService,
    private readonly audit: AuditService,
  ) {}

  async dueDate(fair: Fair, manager?: EntityManager): Promise<string> {
    const row = await (manager?.getRepository(SummaryDueDate) ?? this.repo).findOneBy({ fairId: fair.id });
    return row?.dueDate ?? addDays(fair.date, DEFAULT_DUE_DAYS);
  }

  /** True once the fair's due date has passed. */
  async passed(fair: Fair, now = new Date(), manager?: EntityManager): Promise<boolean> {
    return now.getTime() >= closesAt(await this.dueDate(fair, manager)).getTime();
  }

  /** Refuses replacing and deleting submitted files after the due date, naming it. */
  async assertBeforeDue(fair: Fair, manager?: EntityManager): Promise<void> {
    const due = await this.dueDate(fair, manager);
    if (Date.now() >= closesAt(due).getTime()) {
      throw new AppError(
        'DEADLINE_PASSED',
        `总结材料已于${formatDateCn(due)}截止提交，已提交的文件不能再替换或删除。如需更正，请联系展销会组织方。`,
      );
    }
  }

  /** The organiser's change, with its audit entry; refused for an archived fair. */
  async set(actor: SessionUser, fair: Fair, dueDate: string): Promise<void> {
    await this.repo.manager.transaction(async (m) => {
      this.fairs.assertWritable(await this.fairs.byId(fair.id, m));
      const before = await this.dueDate(fair, m);
      await m.getRepository(SummaryDueDate).upsert({ fairId: fair.id, dueDate }, ['fairId']);
      await this.audit.record(actor, 'summary.due-date', { type: 'fair', id: fair.id }, { summaryDueDate: { before, after: dueDate } }, m);
    });
  }
}
