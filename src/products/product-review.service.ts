import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type EntityManager, type Repository } from 'typeorm';
import { FairListingsService } from '../fairs/fair-listings.service';
import { AuditService, diffFields } from '../audit/audit.service';
import type { SessionUser } from '../auth/current-user';
import { AppError } from '../common/app-error';
import { PRODUCT_STATUS_LABELS } from './product-options';
import { Product } from './product.entity';
import { PRODUCT_AUDITED_FIELDS } from './products.service';

/** What the organiser decides: publish (a submission, or a published product's pending changes), or return with a reason. */
export type ReviewDecision = { approve: true } | { approve: false; reason: string };

/** At most this many products in one bulk decision (a county's import is about 20). */
export const MAX_BULK_REVIEW = 200;

/** A product waits for review: a new submission, or a published one with changes to review. */
export const awaitsReview = (p: Product): boolean => p.status === 'submitted' || (p.status === 'published' && !!p.pendingChanges);

const nothingToReview = (p: Product) => `“${p.name}”当前状态为“${PRODUCT_STATUS_LABELS[p.status]}”，没有需要审核的内容`;

/**
 * The organiser's review of listings, one by one or many at once: the same rule for each
 * product and one audit entry per product; a bulk decision applies to all or to none.
 */
@Injectable()
export class ProductReviewService {
  constructor(
    @InjectRepository(Product) private readonly products: Repository<Product>,
    private readonly audit: AuditService,
    private readonly listings: FairListingsService,
  ) {}

  /** The review queue, oldest first: new submissions and published products with changes to review. */
  async listForReview(page: number, pageSize: number): Promise<{ items: Product[]; total: number }> {
    const [items, total] = await this.products
      .createQueryBuilder('p')
      .leftJoinAndSelect('p.county', 'county')
      .where('p.status = :submitted', { submitted: 'submitted' })
      .orWhere('(p.status = :published AND p.pendingChanges IS NOT NULL)', { published: 'published' })
      .orderBy('p.updatedAt', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items, total };
  }

  /** The products with these ids, with their county, in the order given (for the confirmation page). */
  async findMany(ids: number[]): Promise<Product[]> {
    const found = await this.products.find({ where: { id: In(ids) }, relations: { county: true } });
    const byId = new Map(found.map((p) => [p.id, p]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** One product: 404 when it does not exist, 409 when it waits for no review. */
  async decide(user: SessionUser, id: number, decision: ReviewDecision): Promise<Product> {
    return this.products.manager.transaction(async (m) => {
      const [product] = await this.locked(m, [id]);
      if (!product) throw AppError.notFound('产品');
      if (!awaitsReview(product)) throw new AppError('CONFLICT', nothingToReview(product));
      return this.apply(m, user, product, decision);
    });
  }

  /**
   * Many products in one transaction: every id must name a product that waits for review, or
   * nothing is written and the refusal names each one at fault (422, shown on the queue page).
   */
  async decideMany(user: SessionUser, ids: number[], decision: ReviewDecision): Promise<Product[]> {
    return this.products.manager.transaction(async (m) => {
      const products = await this.checkedForBulk(m, ids);
      const done: Product[] = [];
      for (const p of products) done.push(await this.apply(m, user, p, decision));
      return done;
    });
  }

  /** The bulk rule's checks without writing, for the return confirmation page. */
  async checkBulk(ids: number[]): Promise<Product[]> {
    await this.checkedForBulk(this.products.manager, ids, false);
    return this.findMany(ids);
  }

  private async checkedForBulk(m: EntityManager, ids: number[], lock = true): Promise<Product[]> {
    const products = lock ? await this.locked(m, ids) : await m.getRepository(Product).findBy({ id: In(ids) });
    const byId = new Map(products.map((p) => [p.id, p]));
    const problems = ids.flatMap((id) => {
      const p = byId.get(id);
      if (!p) return [`编号为 ${id} 的产品不存在或已被删除`];
      return awaitsReview(p) ? [] : [nothingToReview(p)];
    });
    if (problems.length > 0) throw AppError.validation({ ids: problems }, `所选产品中有 ${problems.length} 项不能审核，未做任何修改`);
    return ids.map((id) => byId.get(id)!);
  }

  private async apply(m: EntityManager, user: SessionUser, product: Product, decision: ReviewDecision): Promise<Product> {
    const before = { ...product };
    const submitted = product.status === 'submitted';
    if (decision.approve && submitted) {
      Object.assign(product, { status: 'published', publishedAt: new Date(), reviewReason: null });
      // A newly published product joins the current fair's listing (the county can take it off).
      await this.listings.listInCurrentFair(product.id, m);
    } else if (decision.approve) {
      Object.assign(product, product.pendingChanges, { pendingChanges: null, reviewReason: null });
    } else if (submitted) {
      Object.assign(product, { status: 'returned', reviewReason: decision.reason });
    } else {
      Object.assign(product, { pendingChanges: null, reviewReason: decision.reason });
    }
    await m.getRepository(Product).save(product);
    const action = decision.approve ? 'product.approve' : 'product.return';
    await this.audit.record(
      user,
      action,
      { type: 'product', id: product.id },
      diffFields(before, { ...product }, PRODUCT_AUDITED_FIELDS),
      m,
    );
    return product;
  }

  /** Reads the products inside the transaction, locked on PostgreSQL (SQLite's gate serialises writers). */
  private locked(m: EntityManager, ids: number[]): Promise<Product[]> {
    return m.getRepository(Product).find({
      where: { id: In(ids) },
      order: { id: 'ASC' },
      ...(m.connection.options.type === 'postgres' ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }
}
