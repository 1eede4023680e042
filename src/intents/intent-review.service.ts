import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { FairsService } from '../fairs/fairs.service';
import { AuditService } from '../audit/audit.service';
import type { SessionUser } from '../auth/current-user';
import { AppError } from '../common/app-error';
import { INTENT_STATUS_ACTIONS, INTENT_STATUS_LABELS, type IntentStatus, type IntentStatusAction } from './intent-status';
import { FairAggregatesService } from './fair-aggregates.service';
import { Intent } from './intent.entity';

/** The organiser's review of intents: confirm, cancel, reopen. */
@Injectable()
export class IntentReviewService {
  constructor(
    @InjectRepository(Intent) private readonly intents: Repository<Intent>,
    private readonly audit: AuditService,
    private readonly fairs: FairsService,
    private readonly aggregates: FairAggregatesService,
  ) {}

  /** The organiser confirms, cancels or reopens an intent — also after the deadline. */
  async changeStatus(user: SessionUser, id: number, action: IntentStatusAction, reason: string | null): Promise<Intent> {
    const rule: { from: readonly IntentStatus[]; to: IntentStatus } = INTENT_STATUS_ACTIONS[action];
    return this.intents.manager.transaction(async (m) => {
      const intent = await m.getRepository(Intent).findOneBy({ id });
      if (!intent) throw AppError.notFound('采购意向');
      await this.fairs.assertWritableById(intent.fairId, m);
      if (!rule.from.includes(intent.status)) {
        throw new AppError('CONFLICT', `该意向当前为“${INTENT_STATUS_LABELS[intent.status]}”，不能执行此操作`);
      }
      await this.aggregates.within(m, intent.fairId, [intent.buyerUnitId], () =>
        m.getRepository(Intent).update({ id }, { status: rule.to, statusReason: reason }),
      );
      await this.audit.record(
        user,
        `intent.${action}`,
        { type: 'intent', id },
        { status: { before: intent.status, after: rule.to }, statusReason: { before: intent.statusReason, after: reason } },
        m,
      );
      return { ...intent, status: rule.to, statusReason: reason };
    });
  }
}
