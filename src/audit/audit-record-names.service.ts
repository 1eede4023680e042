import { Injectable } from '@nestjs/common';
import { UsersService } from '../auth/users.service';
import { BuyerUnitLookupsService } from '../buyers/buyer-unit-lookups.service';
import { CountiesService } from '../counties/counties.service';
import { IntentLinesService } from '../intents/intent-lines.service';
import { IntentQueriesService } from '../intents/intent-queries.service';
import { ProductListsService } from '../products/product-lists.service';
import type { AuditLog } from './audit-log.entity';
import { mentionedIds, type RecordNames } from './audit-fields';

const ids = (values: (number | null)[]) => [...new Set(values.filter((v): v is number => v !== null))];
const numericId = (id: string | null) => (id && /^\d{1,10}$/.test(id) ? Number(id) : null);

/**
 * Names the records a page of audit entries mentions, as people know them: a product by its
 * name, an intent by its reference number, a unit or county by its name. Asked of each owning
 * feature's service, one batched query per kind of record for the whole page.
 */
@Injectable()
export class AuditRecordNames {
  constructor(
    private readonly products: ProductListsService,
    private readonly intents: IntentQueriesService,
    private readonly intentLines: IntentLinesService,
    private readonly units: BuyerUnitLookupsService,
    private readonly counties: CountiesService,
    private readonly users: UsersService,
  ) {}

  async forEntries(entries: AuditLog[]): Promise<RecordNames> {
    const of = (type: string) => ids(entries.filter((e) => e.entityType === type).map((e) => numericId(e.entityId)));
    const mentioned = entries.map((e) => mentionedIds(e.changes));
    // Lines first: their products are named with the others, in the one products query.
    const lineProduct = await this.intentLines.productIdsByLineIds(ids(mentioned.flatMap((m) => m.lines)));
    const productIds = ids([...of('product'), ...mentioned.flatMap((m) => m.products), ...lineProduct.values()]);
    const unitIds = ids([...of('buyer_unit'), ...mentioned.flatMap((m) => m.units)]);
    const countyIds = of('county');
    const [product, intent, buyer_unit, counties, user] = await Promise.all([
      this.products.namesByIds(productIds),
      this.intents.referencesByIds(of('intent')),
      this.units.findByIds(unitIds),
      // A city has a handful of counties: one small read, only when a county is mentioned.
      countyIds.length ? this.counties.findAll() : Promise.resolve([]),
      this.users.usernamesByIds(of('user')),
    ]);
    return {
      product,
      intent,
      buyer_unit: new Map(buyer_unit.map((u) => [u.id, u.name])),
      county: new Map(counties.map((c) => [c.id, c.name])),
      user,
      lineProduct,
    };
  }
}
