import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import { likeContaining } from '../common/like';
import type { ProductStatus } from './product-options';
import { Product } from './product.entity';

/** The county's product list filters. */
export interface CountyProductFilter {
  status?: ProductStatus;
  /** Part of the name or of the code, any ASCII case. */
  q?: string;
}

/**
 * Lists of products that pages page through and count, and product names for pages that know
 * products only by id (the audit log). Apart from ProductsService, which owns the life cycle.
 */
@Injectable()
export class ProductListsService {
  constructor(@InjectRepository(Product) private readonly products: Repository<Product>) {}

  /** One page of a county's products for its operator, by code, filtered by status and by part of the name or code. */
  async pageForCounty(
    countyId: number,
    filter: CountyProductFilter,
    page: number,
    pageSize: number,
  ): Promise<{ items: Product[]; total: number }> {
    const qb = this.products.createQueryBuilder('p').where('p.countyId = :countyId', { countyId });
    if (filter.status) qb.andWhere('p.status = :status', { status: filter.status });
    if (filter.q) {
      // LOWER() on both sides: LIKE ignores ASCII case on SQLite but not on PostgreSQL.
      qb.andWhere(`(LOWER(p.name) LIKE LOWER(:q) ESCAPE '\\' OR LOWER(p.code) LIKE LOWER(:q) ESCAPE '\\')`, {
        q: likeContaining(filter.q),
      });
    }
    const [items, total] = await qb
      .orderBy('p.code', 'ASC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items, total };
  }

  /** How many of a county's products are in each status (statuses without one are absent). */
  async countByStatus(countyId: number): Promise<Partial<Record<ProductStatus, number>>> {
    const rows = await this.products
      .createQueryBuilder('p')
      .select('p.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .where('p.countyId = :countyId', { countyId })
      .groupBy('p.status')
      .getRawMany<{ status: ProductStatus; n: string | number }>();
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  /** Product names by id, for pages that name products they only know by id (ids without a product are absent). */
  async namesByIds(ids: number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.products.find({ select: { id: true, name: true }, where: { id: In(ids) } });
    return new Map(rows.map((p) => [p.id, p.name]));
  }
}
