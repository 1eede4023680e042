import { Injectable } from '@nestjs/common';
import { FairTotalsService, type CountyFigures, type ProductFigures } from '../intents/fair-totals.service';

/** How many best sellers the county's summary figures list. */
export const BEST_SELLERS = 10;

export interface SummaryFigures {
  county: CountyFigures;
  /** By intended amount, largest first, at most BEST_SELLERS. */
  bestSellers: ProductFigures[];
}

/** A county's figures for its summary, read from FairTotalsService only (so they agree with every other page to the fen). */
@Injectable()
export class SummaryFiguresService {
  constructor(private readonly totals: FairTotalsService) {}

  async forCounty(fairId: number, countyId: number): Promise<SummaryFigures> {
    const [counties, products] = await Promise.all([
      this.totals.byCounty({ fairId, countyId }),
      this.totals.byProduct({ fairId, countyId }),
    ]);
    const bestSellers = [...products]
      .sort((a, b) => b.intendedFen - a.intendedFen || a.code.localeCompare(b.code) || a.productId - b.productId)
      .slice(0, BEST_SELLERS);
    return { county: counties[0], bestSellers };
  }
}
