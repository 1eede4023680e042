import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { BuyerUnit } from '../buyers/buyer-unit.entity';
import { Product } from '../products/product.entity';

export interface DashboardTotals {
  publishedProducts: number;
  buyerUnits: number;
  intents: number;
  intendedFen: number;
  signedFen: number;
}

/** The organiser's headline figures, each one aggregate query. */
@Injectable()
export class DashboardService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async totals(): Promise<DashboardTotals> {
    const [products, units, intents] = await Promise.all([
      this.db.getRepository(Product).countBy({ status: 'published' }),
      this.db.getRepository(BuyerUnit).countBy({ disabled: false }),
      this.db.query(
        `SELECT COUNT(DISTINCT i.id) AS n,
                COALESCE(SUM(l.quantity * l."unitPriceFen"), 0) AS intended,
                COALESCE(SUM(COALESCE(l."signedQuantity", 0) * l."unitPriceFen"), 0) AS signed
           FROM intent i LEFT JOIN intent_line l ON l."intentId" = i.id
          WHERE i.status IN ('submitted', 'confirmed', 'signed')`,
      ),
    ]);
    return {
      publishedProducts: products,
      buyerUnits: units,
      intents: Number(intents[0].n),
      intendedFen: Number(intents[0].intended),
      signedFen: Number(intents[0].signed),
    };
  }
}
