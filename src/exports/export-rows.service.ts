import { Injectable } from '@nestjs/common';
import type { SelectQueryBuilder } from 'typeorm';
import { BuyerUnitLookupsService } from '../buyers/buyer-unit-lookups.service';
import { County } from '../counties/county.entity';
import type { IntentLine } from '../intents/intent-line.entity';
import type { IntentStatus } from '../intents/intent-status';
import { FairTotalsService, type FairFilter } from '../intents/fair-totals.service';
import { FairUnitFiguresService } from '../intents/fair-unit-figures.service';
import type { LetterInput, LetterIntent, LineRow } from './export-rows';
import type { UnitRow } from './fair-workbook.writer';

/** Lines per query: large enough to keep round trips few, small enough that a batch is a few MB at most. */
export const LINE_BATCH = 2_000;
const UNIT_BATCH = 200;

/**
 * Reads what the exports write, in keyset-paginated batches, so that memory depends on the
 * batch size and never on the number of lines. The lines come from FairTotalsService.lines():
 * the very lines whose sums the dashboard shows.
 *
 * A county's lines are read product by product, each product's by line id: that walks the
 * (productId, id) index and reads every line once. Paging a whole county by line id instead
 * made SQLite sort the county's remaining lines for every batch (quadratic: 300,000 lines
 * took 12 s to read instead of about 3).
 */
@Injectable()
export class ExportRowsService {
  constructor(
    private readonly buyerUnits: BuyerUnitLookupsService,
    private readonly figures: FairTotalsService,
    private readonly unitFigures: FairUnitFiguresService,
  ) {}

  /** How many lines the filter selects (for progress reports). */
  async lineCount(filter: FairFilter, buyerUnitId?: number): Promise<number> {
    const qb = this.figures.lines(filter).select('COUNT(*)', 'n');
    if (buyerUnitId) qb.andWhere('i.buyerUnitId = :buyerUnitId', { buyerUnitId });
    const row = await qb.getRawOne<{ n: string | number }>();
    return Number(row?.n ?? 0);
  }

  /**
   * The lines of these products (one county's, from FairTotalsService.byProduct, whose
   * `intents` is each product's number of lines), by product code, each product's oldest
   * first. Products with few lines are read together, up to `batchSize` lines a query; a
   * product with more is paged on its own by line id.
   */
  async *productLines(
    filter: FairFilter,
    products: { productId: number; lines: number }[],
    batchSize = LINE_BATCH,
  ): AsyncIterable<LineRow[]> {
    let group: number[] = [];
    let groupLines = 0;
    const readGroup = async () => {
      const rows = await this.lineQuery(filter)
        .andWhere('l.productId IN (:...group)', { group })
        .orderBy('p.code', 'ASC')
        .addOrderBy('p.id', 'ASC')
        .addOrderBy('l.id', 'ASC')
        .getRawMany<Record<string, unknown>>();
      group = [];
      groupLines = 0;
      return rows.map(toLineRow);
    };
    for (const p of products) {
      if (p.lines >= batchSize) {
        if (group.length) yield await readGroup();
        yield* this.lineBatches(filter, { productId: p.productId }, batchSize);
        continue;
      }
      if (groupLines + p.lines > batchSize) yield await readGroup();
      group.push(p.productId);
      groupLines += p.lines;
    }
    if (group.length) yield await readGroup();
  }

  /** One buyer unit's lines, oldest first. */
  unitLines(filter: FairFilter, buyerUnitId: number, batchSize = LINE_BATCH): AsyncIterable<LineRow[]> {
    return this.lineBatches(filter, { buyerUnitId }, batchSize);
  }

  /**
   * FairUnitFiguresService.byBuyerUnit with each unit's credit code and contact, looked up a
   * batch of units at a time.
   */
  async *units(filter: FairFilter): AsyncIterable<UnitRow[]> {
    const figures = await this.unitFigures.byBuyerUnit(filter);
    for (let i = 0; i < figures.length; i += UNIT_BATCH) {
      const slice = figures.slice(i, i + UNIT_BATCH);
      const units = await this.buyerUnits.findByIds(slice.map((f) => f.unitId));
      const byId = new Map(units.map((u) => [u.id, u]));
      yield slice.map((f) => {
        const u = byId.get(f.unitId);
        return { ...f, creditCode: u?.creditCode ?? '', contactName: u?.contactName ?? '', mobile: u?.mobile ?? '' };
      });
    }
  }

  /**
   * The 购销意向书 to write, one per unit id in the order given (the units with lines under
   * the filter, from FairUnitFiguresService.byBuyerUnit), each with its intents; its lines are
   * read when its sheet is written. Units are looked up a batch at a time.
   */
  async *letters(filter: FairFilter, buyerUnitIds: number[]): AsyncIterable<LetterInput> {
    for (let i = 0; i < buyerUnitIds.length; i += UNIT_BATCH) {
      const ids = buyerUnitIds.slice(i, i + UNIT_BATCH);
      const units = new Map((await this.buyerUnits.findByIds(ids)).map((u) => [u.id, u]));
      for (const id of ids) {
        const unit = units.get(id);
        if (!unit) continue; // deleted meanwhile
        yield {
          unit: {
            id: unit.id,
            name: unit.name,
            type: unit.type,
            creditCode: unit.creditCode,
            contactName: unit.contactName,
            mobile: unit.mobile,
            address: unit.address,
          },
          intents: await this.letterIntents(filter, id),
          lines: this.unitLines(filter, id),
        };
      }
    }
  }

  /** The unit's intents that have lines under the filter (a unit has a handful). */
  private async letterIntents(filter: FairFilter, buyerUnitId: number): Promise<LetterIntent[]> {
    const rows = await this.figures
      .lines(filter)
      .select('i.id', 'id')
      .addSelect('i.referenceNo', 'referenceNo')
      .addSelect('i.desiredDeliveryDate', 'desiredDeliveryDate')
      .andWhere('i.buyerUnitId = :buyerUnitId', { buyerUnitId })
      .groupBy('i.id')
      .orderBy('i.id', 'ASC')
      .getRawMany<{ referenceNo: string; desiredDeliveryDate: string | Date | null }>();
    return rows.map((r) => ({ referenceNo: r.referenceNo, desiredDeliveryDate: dateOnly(r.desiredDeliveryDate) }));
  }

  /** Keyset pages, by line id, of one product's or one unit's lines. */
  private async *lineBatches(
    filter: FairFilter,
    of: { productId?: number; buyerUnitId?: number },
    batchSize: number,
  ): AsyncIterable<LineRow[]> {
    let after = 0;
    for (;;) {
      const qb = this.lineQuery(filter).andWhere('l.id > :after', { after });
      if (of.productId) qb.andWhere('l.productId = :productId', { productId: of.productId });
      if (of.buyerUnitId) qb.andWhere('i.buyerUnitId = :buyerUnitId', { buyerUnitId: of.buyerUnitId });
      const rows = await qb.orderBy('l.id', 'ASC').limit(batchSize).getRawMany<Record<string, unknown>>();
      if (rows.length === 0) return;
      yield rows.map(toLineRow);
      if (rows.length < batchSize) return;
      after = Number(rows[rows.length - 1].lineId);
    }
  }

  private lineQuery(filter: FairFilter): SelectQueryBuilder<IntentLine> {
    return this.figures
      .lines(filter)
      .innerJoin(County, 'c', 'c.id = p.countyId')
      .select('l.id', 'lineId')
      .addSelect('l.quantity', 'quantity')
      .addSelect('l.unitPriceFen', 'unitPriceFen')
      .addSelect('l.signedQuantity', 'signedQuantity')
      .addSelect('l.deliveredQuantity', 'deliveredQuantity')
      .addSelect('i.referenceNo', 'referenceNo')
      .addSelect('i.status', 'status')
      .addSelect('i.contactName', 'contactName')
      .addSelect('i.contactPhone', 'contactPhone')
      .addSelect('u.name', 'buyerUnitName')
      .addSelect('u.type', 'buyerUnitType')
      .addSelect('c.name', 'countyName')
      .addSelect('p.code', 'productCode')
      .addSelect('p.name', 'productName')
      .addSelect('p.spec', 'spec')
      .addSelect('p.unit', 'unit')
      .addSelect('p.supplierName', 'supplierName');
  }
}

/** A raw `date` column: text on SQLite; node-postgres makes a Date at local midnight of that day. */
function dateOnly(v: string | Date | null): string | null {
  if (!v) return null;
  if (!(v instanceof Date)) return String(v).slice(0, 10);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${v.getFullYear()}-${pad(v.getMonth() + 1)}-${pad(v.getDate())}`;
}

function toLineRow(r: Record<string, unknown>): LineRow {
  return {
    lineId: Number(r.lineId),
    referenceNo: String(r.referenceNo),
    status: String(r.status) as IntentStatus,
    buyerUnitName: String(r.buyerUnitName),
    buyerUnitType: String(r.buyerUnitType),
    contactName: String(r.contactName ?? ''),
    contactPhone: String(r.contactPhone ?? ''),
    countyName: String(r.countyName),
    productCode: String(r.productCode),
    productName: String(r.productName),
    spec: String(r.spec),
    unit: String(r.unit),
    supplierName: String(r.supplierName),
    quantity: Number(r.quantity),
    unitPriceFen: Number(r.unitPriceFen),
    signedQuantity: r.signedQuantity === null || r.signedQuantity === undefined ? null : Number(r.signedQuantity),
    deliveredQuantity: r.deliveredQuantity === null || r.deliveredQuantity === undefined ? null : Number(r.deliveredQuantity),
  };
}
