import { Controller, Get, Logger, Param, Query, Render, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentUser, type SessionUser } from '../auth/current-user';
import { Roles } from '../auth/roles.decorator';
import { BUYER_UNIT_TYPES } from '../buyers/buyer-unit-types';
import { BuyerUnitLookupsService } from '../buyers/buyer-unit-lookups.service';
import { ParseIdPipe } from '../common/id-param';
import { CountiesService } from '../counties/counties.service';
import { FairsService } from '../fairs/fairs.service';
import { COUNTED_STATUSES, INTENT_STATUS_LABELS, INTENT_STATUSES } from '../intents/intent-status';
import { FairTotalsService } from '../intents/fair-totals.service';
import { streamDownload } from './download';
import { ExportRowsService } from './export-rows.service';
import { ExportsService, type ExportQuery } from './exports.service';

const logger = new Logger('Exports');
const logFailure = (what: string) => (err: unknown) =>
  logger.error(`${what} failed while streaming: ${(err as Error)?.stack ?? String(err)}`);

/**
 * The organiser's downloads: 签约汇总表 and 购销意向书, with the filters of the intent list.
 * @Res() because the workbook is streamed as it is written (Nest's interceptors do not run).
 */
@Controller('admin/exports')
@Roles('organiser')
export class ExportsController {
  constructor(
    private readonly exports: ExportsService,
    private readonly rows: ExportRowsService,
    private readonly figures: FairTotalsService,
    private readonly counties: CountiesService,
    private readonly units: BuyerUnitLookupsService,
    private readonly fairs: FairsService,
  ) {}

  @Get()
  @Render('exports/index')
  async page(@Query('fair') fairParam?: unknown) {
    const fair = await this.fairs.fromQuery(fairParam);
    const [counties, totals, lines, fairOptions] = await Promise.all([
      this.counties.findAll(),
      this.figures.totals({ fairId: fair.id }),
      this.rows.lineCount({ fairId: fair.id }),
      this.fairs.selector(fair),
    ]);
    return {
      title: '导出',
      fairOptions,
      shownFair: fair,
      counties,
      types: BUYER_UNIT_TYPES,
      statuses: INTENT_STATUSES.map((s) => ({ value: s, label: INTENT_STATUS_LABELS[s], counted: COUNTED_STATUSES.includes(s) })),
      totals,
      lines,
    };
  }

  @Get('fair-workbook.xlsx')
  async fairWorkbook(@Query() query: ExportQuery, @Res() res: Response): Promise<void> {
    const filter = await this.exports.resolveFilter(query);
    await streamDownload(
      res,
      this.exports.fairWorkbookFileName(),
      (open, signal) => this.exports.fairWorkbook(filter, open, { signal }),
      logFailure('签约汇总表'),
    );
  }

  @Get('letters.xlsx')
  async letters(@Query() query: ExportQuery, @Res() res: Response): Promise<void> {
    const filter = await this.exports.resolveFilter(query);
    await streamDownload(
      res,
      this.exports.lettersFileName(),
      (open, signal) => this.exports.letters(filter, open, { signal }),
      logFailure('购销意向书'),
    );
  }

  /** One unit's 购销意向书, linked from the organiser's intent page. */
  @Get('letters/:buyerUnitId.xlsx')
  async unitLetter(
    @Param('buyerUnitId', ParseIdPipe) buyerUnitId: number,
    @Query() query: ExportQuery,
    @Res() res: Response,
  ): Promise<void> {
    const [filter, unit] = await Promise.all([this.exports.resolveFilter(query), this.units.findByIdOrThrow(buyerUnitId)]);
    await streamDownload(
      res,
      this.exports.lettersFileName(unit),
      (open, signal) => this.exports.letters(filter, open, { signal }, unit),
      logFailure('购销意向书'),
    );
  }
}

/**
 * A buyer's own 购销意向书, linked from its intent page. The unit comes from the session,
 * never from the request, so another unit's letter cannot even be asked for.
 */
@Controller('my')
@Roles('buyer')
export class MyLetterController {
  constructor(
    private readonly exports: ExportsService,
    private readonly units: BuyerUnitLookupsService,
  ) {}

  @Get('letter.xlsx')
  async letter(@CurrentUser() user: SessionUser, @Query() query: ExportQuery, @Res() res: Response): Promise<void> {
    const [filter, unit] = await Promise.all([
      // Only the county may narrow it (one stand's part); the statuses are always the counted ones.
      this.exports.resolveFilter({ fair: query.fair, county: query.county }),
      this.units.findByIdOrThrow(user.buyerUnitId!),
    ]);
    await streamDownload(
      res,
      this.exports.lettersFileName(unit),
      (open, signal) => this.exports.letters(filter, open, { signal }, unit),
      logFailure('购销意向书'),
    );
  }
}
