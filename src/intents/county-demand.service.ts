import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Product } from '../products/product.entity';
import { IntentLine } from './intent-line.entity';
import { COUNTED_STATUSES } from './intent-status';
import { Intent } from './intent.entity';

/** Demand for one product: what active intents ask for, against what the county can supply. */
export interface ProductDemand {
  productId: number;
  code: string;
  name: string;
  spec: string;
  unit: string;
  status: string;
  capacity: number;
  quantity: number;
  amountFen: number;
  buyerUnits: number;
  overCapacity: boolean;
}

/** 需求汇总: per product of a county, intended quantity and amount, buyer units, capacity. */
@Injectable()
export class CountyDemandService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** One grouped query: every product of the county, with or without demand. */
  async forCounty(countyId: number): Promise<ProductDemand[]> {
    const rows = await this.db
      .createQueryBuilder()
      .from(Product, 'p')
      .leftJoin(
        (sub) =>
          sub
            .from(IntentLine, 'l')
            .innerJoin(Intent, 'i', 'i.id = l.intentId')
            .select('l.productId', 'pid')
            .addSelect('SUM(l.quantity)', 'qty')
            .addSelect('SUM(CAST(l.quantity AS bigint) * l.unitPriceFen)', 'amount') // int4 × int4 overflows on PostgreSQL
            .addSelect('COUNT(DISTINCT i.buyerUnitId)', 'units')
            .where('i.status IN (:...active)', { active: COUNTED_STATUSES })
            .groupBy('l.productId'),
        'd',
        'd.pid = p.id',
      )
      .select([
        'p.id AS id',
        'p.code AS code',
        'p.name AS name',
        'p.spec AS spec',
        'p.unit AS unit',
        'p.status AS status',
        'p.capacity AS capacity',
      ])
      .addSelect('d.qty', 'qty')
      .addSelect('d.amount', 'amount')
      .addSelect('d.units', 'units')
      .where('p.countyId = :countyId', { countyId })
      .orderBy('p.code', 'ASC')
      .getRawMany<Record<string, string | number | null>>();
    return rows.map((r) => {
      const quantity = Number(r.qty ?? 0);
      const capacity = Number(r.capacity);
      return {
        productId: Number(r.id),
        code: String(r.code),
        name: String(r.name),
        spec: String(r.spec),
        unit: String(r.unit),
        status: String(r.status),
        capacity,
        quantity,
        amountFen: Number(r.amount ?? 0),
        buyerUnits: Number(r.units ?? 0),
        overCapacity: quantity > capacity,
      };
    });
  }
}
