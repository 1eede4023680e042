import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { SessionUser } from '../auth/current-user';
import { AppError } from '../common/app-error';
import { Product } from './product.entity';

export const PUBLIC_PAGE_SIZE = 24;

/** Owns the product table's queries; other features call these methods. */
@Injectable()
export class ProductsService {
  constructor(@InjectRepository(Product) private readonly products: Repository<Product>) {}

  /** Published products for the public catalogue, newest first. */
  async listPublished(page: number, countyId?: number): Promise<{ items: Product[]; total: number }> {
    const [items, total] = await this.products.findAndCount({
      where: { status: 'published', ...(countyId ? { countyId } : {}) },
      relations: { county: true },
      order: { publishedAt: 'DESC', id: 'DESC' },
      skip: (page - 1) * PUBLIC_PAGE_SIZE,
      take: PUBLIC_PAGE_SIZE,
    });
    return { items, total };
  }

  /** A published product, or 404 (drafts and withdrawn listings are not public). */
  async findPublishedOrThrow(id: number): Promise<Product> {
    const product = await this.products.findOne({ where: { id, status: 'published' }, relations: { county: true } });
    if (!product) throw AppError.notFound('产品');
    return product;
  }

  /** All of one county's products, every status, for its operator. */
  listForCounty(countyId: number): Promise<Product[]> {
    return this.products.find({ where: { countyId }, order: { code: 'ASC' } });
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
}
