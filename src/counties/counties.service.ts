import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { SessionUser } from '../auth/current-user';
import { AuditService, diffFields } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { County } from './county.entity';

/** A county with how many published products it lists in a fair, against its minimum. */
export interface CountyReadiness {
  id: number;
  code: string;
  name: string;
  minimumProducts: number;
  publishedProducts: number;
  shortBy: number;
  ready: boolean;
}

@Injectable()
export class CountiesService {
  constructor(
    @InjectRepository(County) private readonly counties: Repository<County>,
    private readonly audit: AuditService,
  ) {}

  findAll(): Promise<County[]> {
    return this.counties.find({ order: { code: 'ASC' } });
  }

  async findByIdOrThrow(id: number): Promise<County> {
    const county = await this.counties.findOneBy({ id });
    if (!county) throw AppError.notFound('县区');
    return county;
  }

  /**
   * Every county with the count of its published products listed in the fair (参展产品), in
   * one grouped query. `shortFirst` puts the counties still below their minimum at the top.
   */
  async readiness(fairId: number, shortFirst = false): Promise<CountyReadiness[]> {
    const rows = await this.counties
      .createQueryBuilder('county')
      .leftJoin(
        'product',
        'product',
        'product.countyId = county.id AND product.status = :published AND EXISTS (SELECT 1 FROM fair_listing fl WHERE fl."fairId" = :fairId AND fl."productId" = product.id)',
        { published: 'published', fairId },
      )
      .select(['county.id AS id', 'county.code AS code', 'county.name AS name', 'county.minimumProducts AS "minimumProducts"'])
      .addSelect('COUNT(product.id)', 'publishedProducts')
      .groupBy('county.id')
      .addGroupBy('county.code')
      .addGroupBy('county.name')
      .addGroupBy('county.minimumProducts')
      .orderBy('county.code', 'ASC')
      .getRawMany<{ id: number; code: string; name: string; minimumProducts: number; publishedProducts: string | number }>();
    const list = rows.map((r) => {
      const published = Number(r.publishedProducts);
      const minimum = Number(r.minimumProducts);
      return {
        id: Number(r.id),
        code: r.code,
        name: r.name,
        minimumProducts: minimum,
        publishedProducts: published,
        shortBy: Math.max(0, minimum - published),
        ready: published >= minimum,
      };
    });
    if (shortFirst) list.sort((a, b) => Number(a.ready) - Number(b.ready) || b.shortBy - a.shortBy || a.code.localeCompare(b.code));
    return list;
  }

  async setMinimum(actor: SessionUser, id: number, minimumProducts: number): Promise<County> {
    const county = await this.findByIdOrThrow(id);
    const before = { minimumProducts: county.minimumProducts };
    county.minimumProducts = minimumProducts;
    await this.counties.manager.transaction(async (manager) => {
      await manager.getRepository(County).update({ id }, { minimumProducts });
      await this.audit.record(
        actor,
        'county.update',
        { type: 'county', id },
        diffFields(before, { minimumProducts }, ['minimumProducts']),
        manager,
      );
    });
    return county;
  }
}
