import { Injectable } from '@nestjs/common';
import { BuyerUnitLookupsService } from '../buyers/buyer-unit-lookups.service';
import { FairTotalsService, type FairFilter } from '../intents/fair-totals.service';

export interface OversubscribedProduct {
  id: number;
  name: string;
  countyName: string;
  unit: string;
  capacity: number;
  quantity: number;
  /** How much demand exceeds capacity. */
  over: number;
}

/** What only the organiser's dashboard needs beyond the shared fair figures. */
@Injectable()
export class DashboardService {
  constructor(
    private readonly units: BuyerUnitLookupsService,
    private readonly figures: FairTotalsService,
  ) {}

  /** Registered buyer units that are not disabled (taking part or not yet). */
  registeredUnits(): Promise<number> {
    return this.units.countEnabled();
  }

  /** Products whose counted demand exceeds their supply capacity, most over first. */
  async oversubscribed(filter: FairFilter): Promise<OversubscribedProduct[]> {
    return (await this.figures.demandByProduct(filter))
      .filter((p) => p.quantity > p.capacity)
      .map((p) => ({
        id: p.productId,
        name: p.name,
        countyName: p.countyName,
        unit: p.unit,
        capacity: p.capacity,
        quantity: p.quantity,
        over: p.quantity - p.capacity,
      }))
      .sort((a, b) => b.over - a.over);
  }
}
