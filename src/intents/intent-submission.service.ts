import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { SessionUser } from '../auth/current-user';
import { AppError, type FieldErrors } from '../common/app-error';
import type { Fair } from '../fairs/fair.entity';
import { FairsService } from '../fairs/fairs.service';
import { FairAggregatesService } from './fair-aggregates.service';
import { IntentLine } from './intent-line.entity';
import { IntentListService } from './intent-list.service';
import { IntentQueriesService, type IntentSummary } from './intent-queries.service';
import { INTENT_STATUS_LABELS, OPEN_FOR_BUYER } from './intent-status';
import { Intent } from './intent.entity';
import { checkQuantity } from './quantity-rules';
import { nextReferenceNo } from './reference-number';
import { isUniqueViolation } from '../database/unique-violation';

export interface SubmitIntentInput {
  idempotencyKey: string;
  desiredDeliveryDate: string | null;
  contactName: string;
  contactPhone: string;
  note: string;
}

const linesSnapshot = (lines: IntentLine[]) => lines.map((l) => ({ productId: l.productId, quantity: l.quantity }));

/**
 * The buyer's side: submitting the intent list, then changing, adding to or withdrawing an
 * open intent — all refused once the fair's deadline has passed or its registration closed.
 */
@Injectable()
export class IntentSubmissionService {
  constructor(
    @InjectRepository(Intent) private readonly intents: Repository<Intent>,
    private readonly queries: IntentQueriesService,
    private readonly list: IntentListService,
    private readonly fairs: FairsService,
    private readonly audit: AuditService,
    private readonly aggregates: FairAggregatesService,
  ) {}

  /**
   * Whether the buyer may change the intent now (the rules amend(), addFromList() and
   * withdraw() enforce), and whether only its fair's registration (deadline or state) stands
   * in the way, with the reason.
   */
  async buyerAccess(
    user: SessionUser,
    intent: Intent,
  ): Promise<{ editable: boolean; closedForBuyer: boolean; closedReason: string | null; fair: Fair }> {
    const fair = await this.fairs.byId(intent.fairId);
    const open = user.role === 'buyer' && OPEN_FOR_BUYER.includes(intent.status);
    const reason = open ? this.fairs.intentsClosedReason(fair) : null;
    return { editable: open && !reason, closedForBuyer: reason !== null, closedReason: reason, fair };
  }

  /**
   * Turns the unit's intent list into a submitted intent: one transaction writes the intent,
   * its lines at today's prices and empties the list. The form's idempotency key makes a
   * resubmission (double click, back button, retry) return the first intent.
   */
  async submit(user: SessionUser, input: SubmitIntentInput): Promise<{ intent: Intent; created: boolean }> {
    const unitId = user.buyerUnitId!;
    const existing = await this.findByKeyForUnit(input.idempotencyKey, unitId);
    if (existing) return { intent: existing, created: false };
    this.fairs.assertIntentsOpen(await this.fairs.current());
    try {
      const intent = await this.intents.manager.transaction(async (m) => {
        const again = await this.findByKeyForUnit(input.idempotencyKey, unitId, m);
        if (again) return { intent: again, created: false };
        const fair = await this.fairs.current(m);
        this.fairs.assertIntentsOpen(fair);
        return this.aggregates.within(m, fair.id, [unitId], async () => {
          const { lines } = await this.list.lines({ buyerUnitId: unitId }, m);
          if (lines.length === 0) {
            // A copy of this form that committed a moment ago emptied the list: answer with it.
            const winner = await this.findByKeyForUnit(input.idempotencyKey, unitId, m);
            if (winner) return { intent: winner, created: false };
            throw new AppError('CONFLICT', '意向清单是空的，请先在产品目录中添加产品');
          }
          const errors: FieldErrors = {};
          for (const line of lines) {
            if (!line.available) errors[`qty.${line.product.id}`] = [`“${line.product.name}”已下架，请从清单中移除后再提交`];
            const q = checkQuantity(line.item.quantity, line.product);
            if (typeof q === 'string') errors[`qty.${line.product.id}`] = [q];
          }
          if (Object.keys(errors).length > 0) throw AppError.validation(errors, '意向清单中有需要修改的产品，请返回清单调整');

          const now = new Date();
          const created = await m.getRepository(Intent).save(
            m.getRepository(Intent).create({
              referenceNo: await nextReferenceNo(m, now),
              fairId: fair.id,
              buyerUnitId: unitId,
              status: 'submitted',
              desiredDeliveryDate: input.desiredDeliveryDate,
              contactName: input.contactName,
              contactPhone: input.contactPhone,
              note: input.note,
              idempotencyKey: input.idempotencyKey,
              submittedAt: now,
            }),
          );
          await m.getRepository(IntentLine).insert(
            lines.map((l) => ({
              intentId: created.id,
              productId: l.product.id,
              quantity: l.item.quantity,
              unitPriceFen: l.product.priceFen,
            })),
          );
          await this.list.clear({ buyerUnitId: unitId }, m);
          await this.audit.record(
            user,
            'intent.submit',
            { type: 'intent', id: created.id },
            {
              status: { before: null, after: 'submitted' },
              lines: { before: null, after: linesSnapshot(await m.getRepository(IntentLine).findBy({ intentId: created.id })) },
            },
            m,
          );
          return { intent: created, created: true };
        });
      });
      return intent;
    } catch (err) {
      // Two copies of one submission raced: the unique key let one through; return it.
      if (isUniqueViolation(err)) {
        const winner = await this.findByKeyForUnit(input.idempotencyKey, unitId);
        if (winner) return { intent: winner, created: false };
      }
      throw err;
    }
  }

  /**
   * The buyer changes quantities and removes lines of an open intent (before the deadline).
   * A confirmed intent that changes goes back to 已提交 for the organiser to confirm again.
   */
  async amend(user: SessionUser, id: number, quantities: Record<string, unknown>, remove: number[]): Promise<Intent> {
    return this.intents.manager.transaction(async (m) => {
      const { intent } = await this.findOwnOpen(user, id, m);
      const lines = intent.lines ?? [];
      const errors: FieldErrors = {};
      const changes: { line: IntentLine; quantity: number }[] = [];
      for (const line of lines) {
        if (remove.includes(line.productId)) continue;
        const raw = quantities[String(line.productId)];
        if (raw === undefined || String(raw).trim() === String(line.quantity)) continue;
        if (line.product!.status !== 'published') {
          errors[`qty.${line.productId}`] = [`“${line.product!.name}”已下架，只能移除，不能修改数量`];
          continue;
        }
        const q = checkQuantity(raw, line.product!);
        if (typeof q === 'string') errors[`qty.${line.productId}`] = [q];
        else changes.push({ line, quantity: q });
      }
      const kept = lines.filter((l) => !remove.includes(l.productId));
      if (kept.length === 0) errors.remove = ['至少保留一种产品；如不再需要，请撤回整个意向'];
      if (Object.keys(errors).length > 0) throw AppError.validation(errors);
      if (changes.length === 0 && kept.length === lines.length) return intent;

      const before = linesSnapshot(lines);
      return this.aggregates.within(m, intent.fairId, [intent.buyerUnitId], async () => {
        for (const c of changes) await m.getRepository(IntentLine).update({ id: c.line.id }, { quantity: c.quantity });
        const removed = lines.filter((l) => remove.includes(l.productId));
        if (removed.length > 0) await m.getRepository(IntentLine).delete(removed.map((l) => l.id));
        const statusBefore = intent.status;
        if (intent.status === 'confirmed') await m.getRepository(Intent).update({ id }, { status: 'submitted', statusReason: null });
        await m.getRepository(Intent).update({ id }, { updatedAt: new Date() });
        const after = linesSnapshot(await m.getRepository(IntentLine).findBy({ intentId: id }));
        await this.audit.record(
          user,
          'intent.amend',
          { type: 'intent', id },
          {
            lines: { before, after },
            ...(statusBefore !== 'submitted' ? { status: { before: statusBefore, after: 'submitted' } } : {}),
          },
          m,
        );
        return intent;
      });
    });
  }

  /** Moves the unit's intent list into an open intent (quantities of a product on both are added). */
  async addFromList(user: SessionUser, id: number): Promise<number> {
    return this.intents.manager.transaction(async (m) => {
      const { intent } = await this.findOwnOpen(user, id, m);
      if (intent.fairId !== (await this.fairs.current(m)).id) {
        throw new AppError('CONFLICT', '意向清单属于本届展销会，不能添加到往届的意向中');
      }
      const { lines } = await this.list.lines({ buyerUnitId: user.buyerUnitId! }, m);
      const usable = lines.filter((l) => l.available);
      if (usable.length === 0) throw new AppError('CONFLICT', '意向清单中没有可添加的产品，请先在产品目录中添加');
      const before = linesSnapshot(intent.lines ?? []);
      return this.aggregates.within(m, intent.fairId, [intent.buyerUnitId], async () => {
        const errors: FieldErrors = {};
        for (const l of usable) {
          const existing = (intent.lines ?? []).find((x) => x.productId === l.product.id);
          const q = checkQuantity((existing?.quantity ?? 0) + l.item.quantity, l.product);
          if (typeof q === 'string') {
            errors[`qty.${l.product.id}`] = [q];
            continue;
          }
          if (existing) await m.getRepository(IntentLine).update({ id: existing.id }, { quantity: q });
          else
            await m
              .getRepository(IntentLine)
              .insert({ intentId: id, productId: l.product.id, quantity: q, unitPriceFen: l.product.priceFen });
        }
        if (Object.keys(errors).length > 0) throw AppError.validation(errors, '意向清单中有需要修改的产品，请返回清单调整');
        await this.list.clear({ buyerUnitId: user.buyerUnitId! }, m);
        if (intent.status === 'confirmed') await m.getRepository(Intent).update({ id }, { status: 'submitted', statusReason: null });
        await m.getRepository(Intent).update({ id }, { updatedAt: new Date() });
        const after = linesSnapshot(await m.getRepository(IntentLine).findBy({ intentId: id }));
        await this.audit.record(user, 'intent.add-lines', { type: 'intent', id }, { lines: { before, after } }, m);
        return usable.length;
      });
    });
  }

  /** The buyer withdraws an open intent (before the deadline). */
  async withdraw(user: SessionUser, id: number): Promise<Intent> {
    return this.intents.manager.transaction(async (m) => {
      const { intent } = await this.findOwnOpen(user, id, m);
      await this.aggregates.within(m, intent.fairId, [intent.buyerUnitId], () =>
        m.getRepository(Intent).update({ id }, { status: 'withdrawn' }),
      );
      await this.audit.record(
        user,
        'intent.withdraw',
        { type: 'intent', id },
        { status: { before: intent.status, after: 'withdrawn' } },
        m,
      );
      return intent;
    });
  }

  private async findByKeyForUnit(key: string, unitId: number, manager?: EntityManager): Promise<Intent | null> {
    const repo = manager ? manager.getRepository(Intent) : this.intents;
    const intent = await repo.findOneBy({ idempotencyKey: key });
    if (intent && intent.buyerUnitId !== unitId) throw new AppError('CONFLICT', '提交的表单无效，请返回意向清单重新提交');
    return intent;
  }

  /** The buyer's own intent, still open, of a fair that takes intents now (deadline, state). */
  private async findOwnOpen(user: SessionUser, id: number, m: EntityManager): Promise<IntentSummary> {
    const summary = await this.queries.findVisibleOrThrow(user, id, m);
    if (user.role !== 'buyer') throw AppError.forbidden();
    this.fairs.assertIntentsOpen(await this.fairs.byId(summary.intent.fairId, m));
    if (!OPEN_FOR_BUYER.includes(summary.intent.status)) {
      throw new AppError('CONFLICT', `该意向当前为“${INTENT_STATUS_LABELS[summary.intent.status]}”，不能再修改`);
    }
    return summary;
  }
}
