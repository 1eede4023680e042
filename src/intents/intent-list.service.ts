import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { AppError, type FieldErrors } from '../common/app-error';
import { FairListingsService } from '../fairs/fair-listings.service';
import { FairsService } from '../fairs/fairs.service';
import type { Product } from '../products/product.entity';
import { ProductsService } from '../products/products.service';
import { IntentListItem } from './intent-list-item.entity';
import { checkQuantity, MAX_LINES } from './quantity-rules';

/** Whose list: a buyer unit's, or a visitor's before log-in (keyed by the session id). */
export type ListOwner = { buyerUnitId: number } | { visitorSessionId: string };

/**
 * Products a visitor's list may hold before log-in: enough to gather a real order, small
 * enough that anonymous clients cannot fill the table (a unit's list holds MAX_LINES).
 */
export const MAX_VISITOR_LINES = 50;

export interface ListLine {
  item: IntentListItem;
  product: Product;
  amountFen: number;
  /** False when the product was withdrawn, unpublished or taken off the fair's listing after it was added. */
  available: boolean;
}

/** A list is the owner's for one fair: the current one (next year's fair starts empty). */
const ownerWhere = (owner: ListOwner, fairId: number) =>
  'buyerUnitId' in owner ? { fairId, buyerUnitId: owner.buyerUnitId } : { fairId, visitorSessionId: owner.visitorSessionId };

/** The intent list (意向清单): what a buyer gathers for the current fair before submitting an intent. */
@Injectable()
export class IntentListService {
  constructor(
    @InjectRepository(IntentListItem) private readonly items: Repository<IntentListItem>,
    private readonly products: ProductsService,
    private readonly fairs: FairsService,
    private readonly listings: FairListingsService,
  ) {}

  private async fairId(manager?: EntityManager): Promise<number> {
    return (await this.fairs.current(manager)).id;
  }

  async lines(owner: ListOwner, manager?: EntityManager): Promise<{ lines: ListLine[]; totalFen: number }> {
    const repo = manager ? manager.getRepository(IntentListItem) : this.items;
    const fairId = await this.fairId(manager);
    const items = await repo.find({
      where: ownerWhere(owner, fairId),
      relations: { product: { county: true } },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    const listed = await this.listings.listedAmong(
      fairId,
      items.map((i) => i.productId),
      manager,
    );
    const lines = items.map((item) => ({
      item,
      product: item.product!,
      amountFen: item.quantity * item.product!.priceFen,
      available: item.product!.status === 'published' && listed.has(item.productId),
    }));
    return { lines, totalFen: lines.filter((l) => l.available).reduce((s, l) => s + l.amountFen, 0) };
  }

  async count(owner: ListOwner): Promise<number> {
    return this.items.countBy(ownerWhere(owner, await this.fairId()));
  }

  /** Adds a published product, or sets its quantity when it is already on the list. */
  async put(owner: ListOwner, productId: number, rawQuantity: unknown): Promise<{ product: Product; quantity: number }> {
    return this.items.manager.transaction(async (m) => {
      const product = await this.products.findById(productId, m);
      if (!product) throw AppError.notFound('产品');
      if (product.status !== 'published') throw new AppError('CONFLICT', `“${product.name}”已下架或尚未发布，不能加入意向清单`);
      const fairId = await this.fairId(m);
      if (!(await this.listings.isListed(fairId, productId, m))) {
        throw new AppError('CONFLICT', `“${product.name}”未参加本届展销会，不能加入意向清单`);
      }
      const raw = rawQuantity === undefined || rawQuantity === '' ? product.minOrder : rawQuantity;
      const quantity = checkQuantity(raw, product);
      if (typeof quantity === 'string') throw AppError.validation({ quantity: [quantity] }, quantity);
      const repo = m.getRepository(IntentListItem);
      const existing = await repo.findOneBy({ ...ownerWhere(owner, fairId), productId });
      if (existing) {
        await repo.update({ id: existing.id }, { quantity });
      } else {
        const count = await repo.countBy(ownerWhere(owner, fairId));
        if ('visitorSessionId' in owner && count >= MAX_VISITOR_LINES) {
          throw new AppError('CONFLICT', `未登录时意向清单最多 ${MAX_VISITOR_LINES} 种产品，请登录或注册后继续添加`);
        }
        if (count >= MAX_LINES) throw new AppError('CONFLICT', `意向清单最多 ${MAX_LINES} 种产品，请先提交已有的清单`);
        await repo.insert({ ...ownerWhere(owner, fairId), productId, quantity });
      }
      return { product, quantity };
    });
  }

  /**
   * Sets the quantities typed on the list page (field `qty[<productId>]`). Every value is
   * checked first; one bad value changes nothing and comes back beside its line.
   */
  async setQuantities(owner: ListOwner, typed: Record<string, unknown>): Promise<void> {
    await this.items.manager.transaction(async (m) => {
      const { lines } = await this.lines(owner, m);
      const errors: FieldErrors = {};
      const updates: { id: number; quantity: number }[] = [];
      for (const line of lines) {
        const raw = typed[String(line.product.id)];
        if (raw === undefined || !line.available) continue;
        const q = checkQuantity(raw, line.product);
        if (typeof q === 'string') errors[`qty.${line.product.id}`] = [q];
        else if (q !== line.item.quantity) updates.push({ id: line.item.id, quantity: q });
      }
      if (Object.keys(errors).length > 0) throw AppError.validation(errors);
      for (const u of updates) await m.getRepository(IntentListItem).update({ id: u.id }, { quantity: u.quantity });
    });
  }

  async remove(owner: ListOwner, productId: number): Promise<void> {
    await this.items.delete({ ...ownerWhere(owner, await this.fairId()), productId });
  }

  async clear(owner: ListOwner, manager: EntityManager): Promise<void> {
    await manager.getRepository(IntentListItem).delete(ownerWhere(owner, await this.fairId(manager)));
  }

  /**
   * At log-in, a visitor's lines move to the buyer unit's list. A product on both keeps the
   * larger quantity (nothing the buyer chose is lost, nothing is doubled). Must run before the
   * visitor's session is replaced: the lines still keyed to it are deleted with it.
   */
  async moveVisitorListToUnit(visitorSessionId: string, buyerUnitId: number): Promise<number> {
    return this.items.manager.transaction(async (m) => {
      const repo = m.getRepository(IntentListItem);
      const visitorItems = await repo.findBy({ visitorSessionId });
      for (const v of visitorItems) {
        const mine = await repo.findOneBy({ fairId: v.fairId, buyerUnitId, productId: v.productId });
        if (mine) {
          if (v.quantity > mine.quantity) await repo.update({ id: mine.id }, { quantity: v.quantity });
          await repo.delete({ id: v.id });
        } else {
          await repo.update({ id: v.id }, { visitorSessionId: null, buyerUnitId });
        }
      }
      return visitorItems.length;
    });
  }
}
