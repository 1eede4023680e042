import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Not, QueryFailedError, type EntityManager, type Repository } from 'typeorm';
import { AuditService, diffFields } from '../audit/audit.service';
import type { SessionUser } from '../auth/current-user';
import type { BuyerUnit } from '../buyers/buyer-unit.entity';
import { BuyerUnitLookupsService } from '../buyers/buyer-unit-lookups.service';
import { RegistrationHooks } from '../buyers/registration-hooks';
import { AppError } from '../common/app-error';
import { violatesUniqueIndex } from '../database/unique-violation';
import { FairsService } from '../fairs/fairs.service';
import type { TargetValues } from './dto/target-input.dto';
import { PurchaseTarget } from './purchase-target.entity';

const AUDITED_FIELDS = ['unitName', 'creditCode', 'unitType', 'targetFen', 'buyerUnitId'];
const CODE_TAKEN = '该统一社会信用代码在本届展销会已有认购目标，请修改原目标，不要重复添加';

export interface TargetImportOutcome {
  created: number;
  updated: number;
  unchanged: number;
}

const isCodeTaken = (err: unknown) =>
  err instanceof QueryFailedError &&
  violatesUniqueIndex(err, {
    name: 'UQ_purchase_target_fair_credit_code',
    sqliteColumn: 'purchase_target.fairId, purchase_target.creditCode',
  });

/**
 * 认购目标: a fair's targets, entered one by one or imported, each change with its audit entry
 * in one transaction, and none for an archived fair. A target waits for its unit by credit
 * code: it is attached when the unit exists at entry, or when it registers later (a
 * registration hook, so that buyers depends on nothing here).
 */
@Injectable()
export class TargetsService implements OnModuleInit {
  constructor(
    @InjectRepository(PurchaseTarget) private readonly repo: Repository<PurchaseTarget>,
    private readonly fairs: FairsService,
    private readonly units: BuyerUnitLookupsService,
    private readonly audit: AuditService,
    private readonly registrationHooks: RegistrationHooks,
  ) {}

  onModuleInit(): void {
    this.registrationHooks.register((unit, m) => this.attachRegisteredUnit(unit, m));
  }

  /** A fair's targets, by unit name. */
  list(fairId: number): Promise<PurchaseTarget[]> {
    return this.repo.find({ where: { fairId }, order: { unitName: 'ASC', id: 'ASC' } });
  }

  count(fairId: number): Promise<number> {
    return this.repo.countBy({ fairId });
  }

  async byId(id: number): Promise<PurchaseTarget> {
    const target = await this.repo.findOneBy({ id });
    if (!target) throw AppError.notFound('该认购目标');
    return target;
  }

  /** The unit's own target at a fair (by its id, or its credit code while not yet attached). */
  async forUnit(fairId: number, unit: Pick<BuyerUnit, 'id' | 'creditCode'>): Promise<PurchaseTarget | null> {
    return this.repo.findOne({
      where: [
        { fairId, buyerUnitId: unit.id },
        { fairId, creditCode: unit.creditCode },
      ],
    });
  }

  async create(actor: SessionUser, fairId: number, values: TargetValues): Promise<PurchaseTarget> {
    const [unit] = await this.units.findByCreditCodes([values.creditCode]);
    return this.refuseTakenCode(() =>
      this.repo.manager.transaction(async (m) => {
        await this.fairs.assertWritableById(fairId, m);
        const repo = m.getRepository(PurchaseTarget);
        if (await repo.existsBy({ fairId, creditCode: values.creditCode })) throw AppError.validation({ creditCode: [CODE_TAKEN] });
        const target = await repo.save(repo.create({ fairId, ...values, buyerUnitId: unit?.id ?? null }));
        await this.audit.record(
          actor,
          'target.create',
          { type: 'purchase_target', id: target.id },
          diffFields(null, { ...target }, AUDITED_FIELDS),
          m,
        );
        return target;
      }),
    );
  }

  async update(actor: SessionUser, id: number, values: TargetValues): Promise<PurchaseTarget> {
    const [unit] = await this.units.findByCreditCodes([values.creditCode]);
    return this.refuseTakenCode(() =>
      this.repo.manager.transaction(async (m) => {
        const repo = m.getRepository(PurchaseTarget);
        const before = await repo.findOneBy({ id });
        if (!before) throw AppError.notFound('该认购目标');
        await this.fairs.assertWritableById(before.fairId, m);
        if (values.creditCode !== before.creditCode && (await repo.existsBy({ fairId: before.fairId, creditCode: values.creditCode }))) {
          throw AppError.validation({ creditCode: [CODE_TAKEN] });
        }
        const after = { ...before, ...values, buyerUnitId: unit?.id ?? null };
        await repo.save(after);
        await this.audit.record(
          actor,
          'target.update',
          { type: 'purchase_target', id },
          diffFields({ ...before }, { ...after }, AUDITED_FIELDS),
          m,
        );
        return after;
      }),
    );
  }

  async remove(actor: SessionUser, id: number): Promise<PurchaseTarget> {
    return this.repo.manager.transaction(async (m) => {
      const repo = m.getRepository(PurchaseTarget);
      const target = await repo.findOneBy({ id });
      if (!target) throw AppError.notFound('该认购目标');
      await this.fairs.assertWritableById(target.fairId, m);
      await repo.delete({ id });
      await this.audit.record(actor, 'target.delete', { type: 'purchase_target', id }, diffFields({ ...target }, null, AUDITED_FIELDS), m);
      return target;
    });
  }

  /**
   * Imports validated rows for a fair, matched by credit code: new codes are added, known ones
   * updated. All in one transaction or nothing; with `dryRun` only counts what would change.
   */
  async importRows(actor: SessionUser, fairId: number, rows: TargetValues[], dryRun: boolean): Promise<TargetImportOutcome> {
    const codes = rows.map((r) => r.creditCode);
    const unitIds = new Map((await this.units.findByCreditCodes(codes)).map((u) => [u.creditCode, u.id]));
    const run = async (m: EntityManager) => {
      await this.fairs.assertWritableById(fairId, m);
      const repo = m.getRepository(PurchaseTarget);
      const existing = new Map((await repo.findBy({ fairId, creditCode: In(codes) })).map((t) => [t.creditCode, t]));
      const outcome: TargetImportOutcome = { created: 0, updated: 0, unchanged: 0 };
      for (const values of rows) {
        const before = existing.get(values.creditCode);
        const after = { ...values, buyerUnitId: unitIds.get(values.creditCode) ?? null };
        if (!before) {
          outcome.created++;
          if (!dryRun) await repo.insert(repo.create({ fairId, ...after }));
        } else if (Object.keys(diffFields({ ...before }, after, AUDITED_FIELDS)).length > 0) {
          outcome.updated++;
          if (!dryRun) await repo.update({ id: before.id }, after);
        } else outcome.unchanged++;
      }
      if (!dryRun)
        await this.audit.record(actor, 'target.import', { type: 'fair', id: fairId }, { imported: { before: null, after: outcome } }, m);
      return outcome;
    };
    return dryRun ? run(this.repo.manager) : this.refuseTakenCode(() => this.repo.manager.transaction(run));
  }

  /** The registration hook: targets waiting for this credit code, at fairs not archived, now belong to the unit. */
  async attachRegisteredUnit(unit: BuyerUnit, m: EntityManager): Promise<void> {
    const archived = await this.fairs.archivedIds(m);
    await m
      .getRepository(PurchaseTarget)
      .update(
        { creditCode: unit.creditCode, buyerUnitId: IsNull(), ...(archived.length ? { fairId: Not(In(archived)) } : {}) },
        { buyerUnitId: unit.id },
      );
  }

  /** Two organisers adding the same code at once: the unique index decides, the loser gets the same message. */
  private async refuseTakenCode<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (isCodeTaken(err)) throw AppError.validation({ creditCode: [CODE_TAKEN] });
      throw err;
    }
  }
}
