import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { AuditService, diffFields } from '../audit/audit.service';
import type { SessionUser } from '../auth/current-user';
import { AppError } from '../common/app-error';
import { FairListingsService } from '../fairs/fair-listings.service';
import { IntentLinesService } from '../intents/intent-lines.service';
import type { ProductValues } from './dto/product-input.dto';
import { isUnchanged, planProductChange } from './pending-changes';
import { PRODUCT_STATUS_LABELS, SUBMITTABLE_FROM, WITHDRAWABLE_FROM, type ProductStatus } from './product-options';
import { Product } from './product.entity';

/** Fields recorded in the audit log. */
export const PRODUCT_AUDITED_FIELDS = [
  'code',
  'name',
  'category',
  'spec',
  'unit',
  'priceFen',
  'capacity',
  'minOrder',
  'supplierName',
  'supplierCreditCode',
  'certificateNo',
  'origin',
  'povertyHouseholds',
  'description',
  'imageKey',
  'status',
  'reviewReason',
  'pendingChanges',
];

/** What importing a sheet did (or, in a preview, would do). */
export interface ImportOutcome {
  created: number;
  updated: number;
  unchanged: number;
}

/** Owns the product table's queries and the listing's life cycle (草稿 → 待审核 → 已发布 …). */
@Injectable()
export class ProductsService {
  constructor(
    @InjectRepository(Product) private readonly products: Repository<Product>,
    private readonly audit: AuditService,
    private readonly intentLines: IntentLinesService,
    private readonly listings: FairListingsService,
  ) {}

  /** A published product, or 404 (drafts and withdrawn listings are not public). */
  async findPublishedOrThrow(id: number): Promise<Product> {
    const product = await this.products.findOne({ where: { id, status: 'published' }, relations: { county: true } });
    if (!product) throw AppError.notFound('产品');
    return product;
  }

  /** All of one county's products, every status. */
  listForCounty(countyId: number): Promise<Product[]> {
    return this.products.find({ where: { countyId }, order: { code: 'ASC' } });
  }

  /** Every product matching the organiser's filters, by county and code. */
  listAll(filter: { status?: ProductStatus; countyId?: number }): Promise<Product[]> {
    return this.products.find({
      where: { ...(filter.status ? { status: filter.status } : {}), ...(filter.countyId ? { countyId: filter.countyId } : {}) },
      relations: { county: true },
      order: { countyId: 'ASC', code: 'ASC' },
    });
  }

  /**
   * A product the user may manage: the organiser any, a county operator only its own
   * county's (another county's product is 403, not 404: it exists, but is not theirs).
   */
  async findManageableOrThrow(user: SessionUser, id: number): Promise<Product> {
    const product = await this.products.findOne({ where: { id }, relations: { county: true } });
    if (!product) throw AppError.notFound('产品');
    if (user.role === 'organiser') return product;
    if (user.role === 'county' && product.countyId === user.countyId) return product;
    throw AppError.forbidden('该产品不属于本县，您无权查看或修改');
  }

  /** A product in any status, or null; inside the caller's transaction when given its manager. */
  findById(id: number, manager?: EntityManager): Promise<Product | null> {
    return (manager ? manager.getRepository(Product) : this.products).findOneBy({ id });
  }

  /** What the county may do with the product now: the rules submit(), withdraw() and remove() enforce. */
  async actionsFor(
    product: Product,
  ): Promise<{ canSubmit: boolean; canWithdraw: boolean; canDelete: boolean; intentLines: number; archivedFairs: number }> {
    const [intentLines, archivedFairs] = await Promise.all([
      this.intentLines.countForProduct(product.id),
      this.listings.archivedFairsListing(product.id),
    ]);
    return {
      canSubmit: SUBMITTABLE_FROM.includes(product.status),
      canWithdraw: WITHDRAWABLE_FROM.includes(product.status),
      canDelete: intentLines === 0 && archivedFairs === 0,
      intentLines,
      archivedFairs,
    };
  }

  async create(user: SessionUser, countyId: number, values: ProductValues, imageKey: string | null): Promise<Product> {
    return this.products.manager.transaction(async (m) => {
      await this.assertCodeFree(m, countyId, values.code, null);
      const product = await m
        .getRepository(Product)
        .save(m.getRepository(Product).create({ ...values, countyId, imageKey, status: 'draft' }));
      await this.audit.record(
        user,
        'product.create',
        { type: 'product', id: product.id },
        diffFields(null, { ...product }, PRODUCT_AUDITED_FIELDS),
        m,
      );
      return product;
    });
  }

  /**
   * Saves the county's edits by the rule of `planProductChange`: on a published product the
   * reviewed fields wait in `pendingChanges` while the approved values stay public.
   */
  async update(user: SessionUser, id: number, values: ProductValues, imageKey?: string | null): Promise<Product> {
    return this.products.manager.transaction(async (m) => {
      const product = await this.lockedManageable(m, user, id);
      await this.assertCodeFree(m, product.countyId, values.code, product.id);
      const before = { ...product };
      Object.assign(product, planProductChange(product, values), imageKey !== undefined ? { imageKey } : {});
      await m.getRepository(Product).save(product);
      await this.audit.record(
        user,
        'product.update',
        { type: 'product', id },
        diffFields(before, { ...product }, PRODUCT_AUDITED_FIELDS),
        m,
      );
      return product;
    });
  }

  /** 草稿 / 已退回 / 已下架 → 待审核 */
  submit(user: SessionUser, id: number): Promise<Product> {
    return this.transition(user, id, 'product.submit', SUBMITTABLE_FROM, { status: 'submitted', reviewReason: null });
  }

  /** 已发布 / 待审核 → 已下架 (the way out once intents exist). */
  withdraw(user: SessionUser, id: number): Promise<Product> {
    return this.transition(user, id, 'product.withdraw', WITHDRAWABLE_FROM, { status: 'withdrawn', pendingChanges: null });
  }

  /** Deletes a product that no intent names and no archived fair listed; otherwise explains that withdrawing is the way. */
  async remove(user: SessionUser, id: number): Promise<Product> {
    return this.products.manager.transaction(async (m) => {
      const product = await this.lockedManageable(m, user, id);
      const lines = await this.intentLines.countForProduct(id, m);
      if (lines > 0) {
        throw new AppError('CONFLICT', `该产品已有 ${lines} 条采购意向，不能删除；如不再供应，请将其下架`);
      }
      if ((await this.listings.archivedFairsListing(id, m)) > 0) {
        throw new AppError('CONFLICT', '该产品参加过已归档的展销会，其参展记录需保留，不能删除；如不再供应，请将其下架');
      }
      await this.audit.record(user, 'product.delete', { type: 'product', id }, diffFields({ ...product }, null, PRODUCT_AUDITED_FIELDS), m);
      await m.getRepository(Product).delete({ id });
      return product;
    });
  }

  /**
   * Imports validated rows for one county in one transaction: rows are matched on the
   * product code, new codes are created as 待审核 (the sheet is the county's submission),
   * changed rows update in place by the form's rule (`planProductChange`), identical rows are
   * left alone. With `dryRun` nothing is written (the preview).
   */
  async importRows(user: SessionUser, countyId: number, rows: ProductValues[], dryRun = false): Promise<ImportOutcome> {
    if (dryRun) return this.planImport(await this.products.findBy({ countyId }), rows).outcome;
    return this.products.manager.transaction(async (m) => {
      const repo = m.getRepository(Product);
      // Read inside the transaction, locked on PostgreSQL (SQLite's gate serialises writers):
      // an approval committed since the preview must not be overwritten with stale values.
      const current = await repo.find({
        where: { countyId },
        ...(m.connection.options.type === 'postgres' ? { lock: { mode: 'pessimistic_write' as const } } : {}),
      });
      const { outcome, toCreate, toUpdate } = this.planImport(current, rows);
      for (const values of toCreate) {
        const product = await repo.save(repo.create({ ...values, countyId, imageKey: null, status: 'submitted' }));
        await this.audit.record(
          user,
          'product.import',
          { type: 'product', id: product.id },
          diffFields(null, { ...product }, PRODUCT_AUDITED_FIELDS),
          m,
        );
      }
      for (const { product, values } of toUpdate) {
        const before = { ...product };
        Object.assign(product, planProductChange(product, values));
        await repo.save(product);
        await this.audit.record(
          user,
          'product.import',
          { type: 'product', id: product.id },
          diffFields(before, { ...product }, PRODUCT_AUDITED_FIELDS),
          m,
        );
      }
      return outcome;
    });
  }

  /** Which sheet rows create, update or leave a product as it is (matched by product code). */
  private planImport(current: Product[], rows: ProductValues[]) {
    const existing = new Map(current.map((p) => [p.code, p]));
    const toUpdate: { product: Product; values: ProductValues }[] = [];
    const toCreate: ProductValues[] = [];
    let unchanged = 0;
    for (const values of rows) {
      const product = existing.get(values.code);
      if (!product) toCreate.push(values);
      else if (isUnchanged(product, values)) unchanged++;
      else toUpdate.push({ product, values });
    }
    const outcome: ImportOutcome = { created: toCreate.length, updated: toUpdate.length, unchanged };
    return { outcome, toCreate, toUpdate };
  }

  private async transition(user: SessionUser, id: number, action: string, from: ProductStatus[], to: Partial<Product>): Promise<Product> {
    return this.products.manager.transaction(async (m) => {
      const product = await this.lockedManageable(m, user, id);
      if (!from.includes(product.status)) {
        throw new AppError('CONFLICT', `该产品当前状态为“${PRODUCT_STATUS_LABELS[product.status]}”，不能执行此操作`);
      }
      const before = { ...product };
      Object.assign(product, to);
      await m.getRepository(Product).save(product);
      await this.audit.record(user, action, { type: 'product', id }, diffFields(before, { ...product }, PRODUCT_AUDITED_FIELDS), m);
      return product;
    });
  }

  /** Reads the product inside the transaction and checks the user may change it. */
  private async lockedManageable(m: EntityManager, user: SessionUser, id: number): Promise<Product> {
    const product = await m.getRepository(Product).findOne({
      where: { id },
      ...(m.connection.options.type === 'postgres' ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!product) throw AppError.notFound('产品');
    if (user.role === 'organiser' || (user.role === 'county' && product.countyId === user.countyId)) return product;
    throw AppError.forbidden('该产品不属于本县，您无权查看或修改');
  }

  private async assertCodeFree(m: EntityManager, countyId: number, code: string, exceptId: number | null): Promise<void> {
    const other = await m.getRepository(Product).findOneBy({ countyId, code });
    if (other && other.id !== exceptId) {
      throw AppError.validation({ code: [`产品编号 ${code} 已被本县的“${other.name}”使用`] });
    }
  }
}
