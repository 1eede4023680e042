import { Injectable } from '@nestjs/common';
import type { Writable } from 'node:stream';
import { BUYER_UNIT_TYPES } from '../buyers/buyer-unit-types';
import type { BuyerUnit } from '../buyers/buyer-unit.entity';
import { AppError } from '../common/app-error';
import { formatDateTimeCn, isoDateCst } from '../common/dates';
import { CountiesService } from '../counties/counties.service';
import { COUNTED_STATUSES, INTENT_STATUS_LABELS, INTENT_STATUSES, type IntentStatus } from '../intents/intent-status';
import { FairTotalsService, type FairFilter } from '../intents/fair-totals.service';
import { FairUnitFiguresService } from '../intents/fair-unit-figures.service';
import type { Fair } from '../fairs/fair.entity';
import { FairsService } from '../fairs/fairs.service';
import type { WriteSummary } from './export-rows';
import { ExportRowsService } from './export-rows.service';
import { writeFairWorkbook } from './fair-workbook.writer';
import { writeLetters } from './letters.writer';
import type { StreamWorkbook } from './table-sheet';
import { abandonWorkbook, createWorkbookWriter } from './workbook-stream';
import { TargetCompletionService } from '../targets/target-completion.service';

/** The filters as they arrive from a query string or the command line (strings, maybe repeated). */
export interface ExportQuery {
  /** A fair's id; absent: the current fair. */
  fair?: unknown;
  county?: unknown;
  type?: unknown;
  status?: unknown;
}

/** A checked filter, with the words that describe it in the sheets' titles. */
export interface ExportFilter {
  fair: Fair;
  figures: FairFilter;
  countyCode: string | null;
  countyName: string | null;
  buyerType: string | null;
  statuses: IntentStatus[];
  /** 范围：砀山县 · 学校 · 状态：已提交、已确认、已签约 */
  scope: string;
}

export interface ExportRun {
  signal?: AbortSignal;
  /** After each batch: lines written so far, and the lines the export will write. */
  onProgress?: (done: number, total: number) => void;
}

export interface ExportResult extends WriteSummary {
  totalLines: number;
}

/** The download's file name (UTF-8) and its ASCII fallback for old clients. */
export interface ExportFileName {
  name: string;
  fallback: string;
}

/** A list the writers take as an async iterable of batches, in one batch. */
async function* once<T>(rows: T[]): AsyncIterable<T[]> {
  yield rows;
}

const first = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '').trim();
const LABEL_TO_STATUS = new Map(INTENT_STATUSES.map((s) => [INTENT_STATUS_LABELS[s], s]));

/**
 * The exports: 签约汇总表 and 购销意向书. Checks the filter, reads everything that must be
 * known before the first byte (so a failure there is an ordinary error page), then opens
 * the output and streams the workbook into it. The same code serves the HTTP downloads,
 * `npm run export` and the benchmark.
 */
@Injectable()
export class ExportsService {
  constructor(
    private readonly rows: ExportRowsService,
    private readonly figures: FairTotalsService,
    private readonly unitFigures: FairUnitFiguresService,
    private readonly counties: CountiesService,
    private readonly fairs: FairsService,
    private readonly targets: TargetCompletionService,
  ) {}

  /** Checks county code, buyer type and statuses; the message names what was wrong. */
  async resolveFilter(query: ExportQuery): Promise<ExportFilter> {
    const fair = await this.fairs.fromQuery(query.fair);
    const code = first(query.county);
    const county = code ? (await this.counties.findAll()).find((c) => c.code === code) : undefined;
    if (code && !county) throw new AppError('VALIDATION', `没有代码为“${code}”的县区，请检查县区代码`);

    const buyerType = first(query.type);
    if (buyerType && !(BUYER_UNIT_TYPES as readonly string[]).includes(buyerType)) {
      throw new AppError('VALIDATION', `单位类型“${buyerType}”无效，应为以下之一：${BUYER_UNIT_TYPES.join('、')}`);
    }

    const raw = (Array.isArray(query.status) ? query.status : [query.status])
      .flatMap((v) => (typeof v === 'string' ? v.split(/[,，、]/) : []))
      .map((v) => v.trim())
      .filter(Boolean);
    const statuses: IntentStatus[] = [];
    for (const value of raw) {
      const status = (INTENT_STATUSES as readonly string[]).includes(value) ? (value as IntentStatus) : LABEL_TO_STATUS.get(value);
      if (!status) {
        const allowed = INTENT_STATUSES.map((s) => `${s}（${INTENT_STATUS_LABELS[s]}）`).join('、');
        throw new AppError('VALIDATION', `意向状态“${value}”无效，应为以下之一：${allowed}`);
      }
      if (!statuses.includes(status)) statuses.push(status);
    }
    const effective = statuses.length ? statuses : COUNTED_STATUSES;
    const scope = [
      `范围：${county ? `${county.name}（${county.code}）` : '全部县区'}`,
      buyerType || '全部单位类型',
      `状态：${effective.map((s) => INTENT_STATUS_LABELS[s]).join('、')}`,
    ].join(' · ');
    return {
      fair,
      figures: {
        fairId: fair.id,
        countyId: county?.id,
        buyerType: buyerType || undefined,
        statuses: statuses.length ? statuses : undefined,
      },
      countyCode: county?.code ?? null,
      countyName: county?.name ?? null,
      buyerType: buyerType || null,
      statuses: effective,
      scope,
    };
  }

  fairWorkbookFileName(now = new Date()): ExportFileName {
    const day = isoDateCst(now).replace(/-/g, '');
    return { name: `签约汇总表-${day}.xlsx`, fallback: `fair-workbook-${day}.xlsx` };
  }

  lettersFileName(unit?: BuyerUnit, now = new Date()): ExportFileName {
    const day = isoDateCst(now).replace(/-/g, '');
    return unit
      ? { name: `购销意向书-${unit.name}-${day}.xlsx`, fallback: `letter-${unit.id}-${day}.xlsx` }
      : { name: `购销意向书-${day}.xlsx`, fallback: `letters-${day}.xlsx` };
  }

  /** 签约汇总表: `open()` is called once everything the workbook needs up front has been read. */
  async fairWorkbook(filter: ExportFilter, open: () => Writable, run: ExportRun = {}): Promise<ExportResult> {
    const f = filter.figures;
    const [counties, totals, products, targets] = await Promise.all([
      this.figures.byCounty(f),
      this.figures.totals(f),
      this.figures.byProduct(f),
      this.targets.completion(f),
    ]);
    // A county sheet lists its lines product by product, in the 按产品 sheet's order.
    // (A product's lines are its intents: an intent has at most one line per product.
    // So the products' intents add up to the lines, without another pass over them.)
    const totalLines = products.reduce((sum, p) => sum + p.intents, 0);
    const countyProducts = (county: { code: string }) =>
      products.filter((p) => p.countyCode === county.code).map((p) => ({ productId: p.productId, lines: p.intents }));
    return this.write(open, run, totalLines, (wb, onProgress) =>
      writeFairWorkbook(
        wb,
        {
          fairName: filter.fair.name,
          exportedAt: formatDateTimeCn(new Date()),
          scope: filter.scope,
          counties,
          totals,
          countyLines: (county) => this.rows.productLines(f, countyProducts(county)),
          products: once(products),
          units: this.rows.units(f),
          targets,
        },
        { signal: run.signal, onProgress },
      ),
    );
  }

  /**
   * 购销意向书: one sheet per buyer unit with lines under the filter, or only `unit`'s.
   * A single unit without such lines is refused before anything is written.
   */
  async letters(filter: ExportFilter, open: () => Writable, run: ExportRun = {}, unit?: BuyerUnit): Promise<ExportResult> {
    const f = filter.figures;
    const totalLines = await this.rows.lineCount(f, unit?.id);
    if (unit && totalLines === 0) {
      throw new AppError('NOT_FOUND', `“${unit.name}”还没有有效的采购意向，暂不能生成购销意向书`);
    }
    // One sheet per unit, in the order of the units' names (pinyin, as a Chinese list is read).
    const unitIds = unit
      ? [unit.id]
      : (await this.unitFigures.byBuyerUnit(f))
          .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.unitId - b.unitId)
          .map((u) => u.unitId);
    return this.write(open, run, totalLines, (wb, onProgress) =>
      writeLetters(
        wb,
        { fairName: filter.fair.name, fairDate: filter.fair.date, exportedAt: formatDateTimeCn(new Date()) },
        this.rows.letters(f, unitIds),
        { signal: run.signal, onProgress },
      ),
    );
  }

  private async write(
    open: () => Writable,
    run: ExportRun,
    totalLines: number,
    writer: (wb: StreamWorkbook, onProgress: (done: number) => void) => Promise<WriteSummary>,
  ): Promise<ExportResult> {
    run.signal?.throwIfAborted();
    const wb = createWorkbookWriter(open());
    try {
      const summary = await writer(wb, (done) => run.onProgress?.(done, totalLines));
      return { ...summary, totalLines };
    } catch (err) {
      abandonWorkbook(wb);
      throw err;
    }
  }
}
