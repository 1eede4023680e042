import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type EntityManager, type Repository } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import type { SessionUser } from '../../auth/current-user';
import { AppError } from '../../common/app-error';
import { CountiesService, type CountyReadiness } from '../../counties/counties.service';
import { FairListingsService } from '../../fairs/fair-listings.service';
import { isReadOnly } from '../../fairs/fair-status';
import type { Fair } from '../../fairs/fair.entity';
import { FairsService } from '../../fairs/fairs.service';
import { IntentLinesService } from '../../intents/intent-lines.service';
import { PRODUCT_STATUS_LABELS } from '../product-options';
import { Product } from '../product.entity';

/** One of the county's published products on its listing page. */
export interface ListingRow {
  id: number;
  code: string;
  name: string;
  spec: string;
  unit: string;
  priceFen: number;
  listed: boolean;
  /** The current fair's intents naming it that count as demand: a listed product with any stays listed. */
  intents: number;
}

export interface ListingPage {
  fair: Fair;
  rows: ListingRow[];
  readiness: CountyReadiness | undefined;
  /** False for an archived fair: the page shows the listing without the form. */
  writable: boolean;
  /** What carry-over would list from the previous fair, when anything. */
  carryOver: { count: number; previous: Fair } | null;
}

/**
 * A county's listing (参展产品) in the current fair: which of its published products take part.
 * The rows are the listing service's; what may be listed (the county's own published
 * products) and what may not be unlisted (a product buyer units registered intents for) is
 * decided here, where the products are.
 */
@Injectable()
export class CountyListingService {
  constructor(
    @InjectRepository(Product) private readonly products: Repository<Product>,
    private readonly fairs: FairsService,
    private readonly listings: FairListingsService,
    private readonly counties: CountiesService,
    private readonly intentLines: IntentLinesService,
    private readonly audit: AuditService,
  ) {}

  async page(countyId: number): Promise<ListingPage> {
    const fair = await this.fairs.current();
    const products = await this.publishedOf(countyId);
    const ids = products.map((p) => p.id);
    const [listed, readiness] = await Promise.all([this.listings.listedAmong(fair.id, ids), this.counties.readiness(fair.id)]);
    const intents = await this.intentLines.countedIntentsPerProduct(fair.id, [...listed]);
    const writable = !isReadOnly(fair.status);
    const previous = writable ? await this.listings.previousListedFair(fair.id, countyId) : null;
    const count = previous ? (await this.listings.carryOverCandidates(fair.id, countyId)).length : 0;
    return {
      fair,
      rows: products.map((p) => ({
        id: p.id,
        code: p.code,
        name: p.name,
        spec: p.spec,
        unit: p.unit,
        priceFen: p.priceFen,
        listed: listed.has(p.id),
        intents: intents.get(p.id) ?? 0,
      })),
      readiness: readiness.find((r) => r.id === countyId),
      writable,
      carryOver: previous && count > 0 ? { count, previous } : null,
    };
  }

  /**
   * Makes the county's listing in the current fair exactly `productIds`, all or nothing, with
   * one audit entry naming the products added and removed (none when nothing changed).
   */
  async save(actor: SessionUser, countyId: number, productIds: number[]): Promise<{ added: string[]; removed: string[] }> {
    return this.products.manager.transaction(async (m) => {
      const fair = await this.fairs.current(m);
      this.listings.assertListingWritable(fair);
      const own = await this.publishedOf(countyId, m);
      const ownIds = new Set(own.map((p) => p.id));
      const wanted = new Set(productIds);
      await this.refuseUnlistable(
        [...wanted].filter((id) => !ownIds.has(id)),
        countyId,
        m,
      );
      const listed = await this.listings.listedAmong(fair.id, [...ownIds], m);
      const added = own.filter((p) => wanted.has(p.id) && !listed.has(p.id));
      const removed = own.filter((p) => !wanted.has(p.id) && listed.has(p.id));
      await this.refuseUnlistingDemanded(fair, removed, m);
      if (added.length === 0 && removed.length === 0) return { added: [], removed: [] };
      await this.listings.change(
        fair.id,
        added.map((p) => p.id),
        removed.map((p) => p.id),
        m,
      );
      const names = { added: added.map((p) => p.name), removed: removed.map((p) => p.name) };
      await this.audit.record(
        actor,
        'listing.update',
        { type: 'county', id: countyId },
        {
          fair: { before: null, after: fair.id },
          ...(names.added.length ? { added: { before: null, after: names.added } } : {}),
          ...(names.removed.length ? { removed: { before: names.removed, after: null } } : {}),
        },
        m,
      );
      return names;
    });
  }

  /** Carry-over for the current fair (see FairListingsService.confirmCarryOver). */
  async carryOver(actor: SessionUser, countyId: number): Promise<number> {
    return (await this.listings.confirmCarryOver(actor, (await this.fairs.current()).id, countyId)).length;
  }

  private publishedOf(countyId: number, manager?: EntityManager): Promise<Product[]> {
    return (manager?.getRepository(Product) ?? this.products).find({
      where: { countyId, status: 'published' },
      order: { code: 'ASC' },
    });
  }

  /** Ids that are not the county's published products: another county's (403), a draft or an unknown id (422). */
  private async refuseUnlistable(ids: number[], countyId: number, m: EntityManager): Promise<void> {
    if (ids.length === 0) return;
    const found = await m.getRepository(Product).findBy({ id: In(ids) });
    if (found.some((p) => p.countyId !== countyId)) throw AppError.forbidden('只能选择本县的产品参展，所选产品中有其他县区的产品');
    const byId = new Map(found.map((p) => [p.id, p]));
    const messages = ids.map((id) => {
      const p = byId.get(id);
      return p
        ? `“${p.name}”的状态为“${PRODUCT_STATUS_LABELS[p.status]}”，只有已发布的产品才能参展`
        : `所选产品（ID ${id}）不存在或已被删除，请刷新页面后重试`;
    });
    throw AppError.validation({}, messages.join('；'));
  }

  /**
   * Refuses taking a product off the listing once buyer units registered intents for it in
   * this fair: the stand would not show what they asked for. Withdrawing the product (下架)
   * stays the way to stop supplying it; the intents keep their record.
   */
  private async refuseUnlistingDemanded(fair: Fair, removed: Product[], m: EntityManager): Promise<void> {
    const intents = await this.intentLines.countedIntentsPerProduct(
      fair.id,
      removed.map((p) => p.id),
      m,
    );
    const messages = removed
      .filter((p) => intents.has(p.id))
      .map((p) => `“${p.name}”在${fair.name}已有 ${intents.get(p.id)} 个采购意向，不能取消参展（如确需停止供应，请在产品页“下架”）`);
    if (messages.length > 0) throw AppError.validation({}, messages.join('；'));
  }
}
