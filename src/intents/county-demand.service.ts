import { Injectable } from '@nestjs/common';
import { ProductsService } from '../products/products.service';
import { FairTotalsService } from './fair-totals.service';

/** Demand for one product: what counted intents ask for, against what the county can supply. */
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
  constructor(
    private readonly products: ProductsService,
    private readonly figures: FairTotalsService,
  ) {}

  /** Every product of the county, with or without demand in the fair, by code; the figures are FairTotalsService's. */
  async forCounty(countyId: number, fairId: number): Promise<ProductDemand[]> {
    const [products, figures] = await Promise.all([this.products.listForCounty(countyId), this.figures.byProduct({ fairId, countyId })]);
    const demand = new Map(figures.map((f) => [f.productId, f]));
    return products.map((p) => {
      const d = demand.get(p.id);
      const quantity = d?.quantity ?? 0;
      return {
        productId: p.id,
        code: p.code,
        name: p.name,
        spec: p.spec,
        unit: p.unit,
        status: p.status,
        capacity: p.capacity,
        quantity,
        amountFen: d?.intendedFen ?? 0,
        buyerUnits: d?.buyerUnits ?? 0,
        overCapacity: quantity > p.capacity,
      };
    });
  }
}
