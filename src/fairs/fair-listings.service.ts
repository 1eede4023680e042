import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type EntityManager, type Repository } from 'typeorm';
import { FairListing } from './fair-listing.entity';
import { isReadOnly } from './fair-status';
import { Fair } from './fair.entity';

/** Each fair's listing (参展产品): which of the counties' published products take part. */
@Injectable()
export class FairListingsService {
  constructor(@InjectRepository(FairListing) private readonly repo: Repository<FairListing>) {}

  async isListed(fairId: number, productId: number, manager?: EntityManager): Promise<boolean> {
    return (await (manager?.getRepository(FairListing) ?? this.repo).countBy({ fairId, productId })) > 0;
  }

  /** Of the given products, those listed in the fair. */
  async listedAmong(fairId: number, productIds: number[], manager?: EntityManager): Promise<Set<number>> {
    if (productIds.length === 0) return new Set();
    const rows = await (manager?.getRepository(FairListing) ?? this.repo).find({
      select: { productId: true },
      where: { fairId, productId: In(productIds) },
    });
    return new Set(rows.map((r) => r.productId));
  }

  /**
   * A product published while a fair is current joins that fair's listing, so a county's
   * newly approved product is on show at once; the county can take it off the listing.
   */
  async listInCurrentFair(productId: number, manager: EntityManager): Promise<void> {
    const fair = await manager.getRepository(Fair).findOneBy({ current: true });
    if (!fair || isReadOnly(fair.status)) return;
    await manager.createQueryBuilder().insert().into(FairListing).values({ fairId: fair.id, productId }).orIgnore().execute();
  }
}
