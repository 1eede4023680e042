import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import { FairsService } from '../fairs/fairs.service';
import { AuditService } from '../audit/audit.service';
import type { SessionUser } from '../auth/current-user';
import { AppError, type FieldErrors } from '../common/app-error';
import { toHalfWidth } from '../common/money';
import { FairAggregatesService } from './fair-aggregates.service';
import { IntentLine } from './intent-line.entity';
import { COUNTED_STATUSES, INTENT_STATUS_LABELS, type IntentStatus } from './intent-status';
import { Intent } from './intent.entity';
import { MAX_LINE_QUANTITY } from './quantity-rules';

/** 签约 and 成交: what the stands and the organiser record on fair day and after. */
@Injectable()
export class IntentSigningService {
  constructor(
    @InjectRepository(Intent) private readonly intents: Repository<Intent>,
    private readonly audit: AuditService,
    private readonly fairs: FairsService,
    private readonly aggregates: FairAggregatesService,
  ) {}

  /** One fair's active intents with their lines on one county's products, for signing at its stand. */
  async listForCountySigning(countyId: number, fairId: number): Promise<{ intent: Intent; lines: IntentLine[] }[]> {
    const lines = await this.intents.manager.getRepository(IntentLine).find({
      where: { product: { countyId }, intent: { fairId, status: In(COUNTED_STATUSES) } },
      relations: { product: true, intent: { buyerUnit: true } },
      order: { intentId: 'ASC', id: 'ASC' },
    });
    const byIntent = new Map<number, { intent: Intent; lines: IntentLine[] }>();
    for (const line of lines) {
      const entry = byIntent.get(line.intentId) ?? { intent: line.intent!, lines: [] };
      entry.lines.push(line);
      byIntent.set(line.intentId, entry);
    }
    return [...byIntent.values()];
  }

  /**
   * Fair day (签约) and after (成交): records per line the signed or delivered quantity.
   * The organiser may record any line; a county operator only lines on its own products.
   * An intent whose every line has a signed quantity becomes 已签约. Values are checked
   * first; one bad value changes nothing.
   */
  async recordQuantities(user: SessionUser, id: number, kind: 'signed' | 'delivered', typed: Record<string, unknown>): Promise<Intent> {
    return this.intents.manager.transaction(async (m) => {
      const intent = await m.getRepository(Intent).findOne({ where: { id }, relations: { lines: { product: true } } });
      if (!intent) throw AppError.notFound('采购意向');
      await this.fairs.assertWritableById(intent.fairId, m);
      const mine = (intent.lines ?? []).filter(
        (l) => user.role === 'organiser' || (user.role === 'county' && l.product!.countyId === user.countyId),
      );
      if (user.role !== 'organiser' && mine.length === 0) throw AppError.forbidden('该意向中没有本县的产品');
      if (!COUNTED_STATUSES.includes(intent.status)) {
        throw new AppError('CONFLICT', `该意向当前为“${INTENT_STATUS_LABELS[intent.status]}”，不能登记签约或成交`);
      }
      const field = kind === 'signed' ? 'signedQuantity' : 'deliveredQuantity';
      const label = kind === 'signed' ? '签约数量' : '成交数量';
      const errors: FieldErrors = {};
      const changes: { line: IntentLine; before: number | null; value: number | null }[] = [];
      for (const line of mine) {
        const raw = typed[String(line.id)];
        if (raw === undefined) continue;
        const text = typeof raw === 'string' ? toHalfWidth(raw).trim() : '';
        if (text === '') {
          if (line[field] !== null) changes.push({ line, before: line[field], value: null });
          continue;
        }
        if (!/^\d{1,9}$/.test(text) || Number(text) > MAX_LINE_QUANTITY) {
          errors[`${kind}.${line.id}`] = [`“${line.product!.name}”的${label}应为 0 到 ${MAX_LINE_QUANTITY.toLocaleString('en-US')} 的整数`];
          continue;
        }
        if (kind === 'delivered' && line.signedQuantity === null) {
          throw new AppError('CONFLICT', `“${line.product!.name}”尚未登记签约，不能登记成交`);
        }
        if (Number(text) !== line[field]) changes.push({ line, before: line[field], value: Number(text) });
      }
      if (Object.keys(errors).length > 0) throw AppError.validation(errors);
      for (const c of changes) c.line[field] = c.value;
      const allSigned = (intent.lines ?? []).every((l) => l.signedQuantity !== null);
      const status: IntentStatus = allSigned ? 'signed' : intent.status === 'signed' ? 'confirmed' : intent.status;
      if (changes.length > 0 || status !== intent.status) {
        await this.aggregates.within(m, intent.fairId, [intent.buyerUnitId], async () => {
          for (const c of changes) await m.getRepository(IntentLine).update({ id: c.line.id }, { [field]: c.value });
          if (status !== intent.status) await m.getRepository(Intent).update({ id }, { status });
        });
      }
      if (changes.length > 0 || status !== intent.status) {
        await this.audit.record(
          user,
          kind === 'signed' ? 'intent.sign' : 'intent.deliver',
          { type: 'intent', id },
          {
            [field]: {
              before: changes.map((c) => ({ lineId: c.line.id, value: c.before })),
              after: changes.map((c) => ({ lineId: c.line.id, value: c.value })),
            },
            ...(status !== intent.status ? { status: { before: intent.status, after: status } } : {}),
          },
          m,
        );
      }
      return { ...intent, status };
    });
  }
}
