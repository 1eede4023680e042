import { Controller, Get, Header, Query, Render, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentUser, type SessionUser } from '../auth/current-user';
import { Roles } from '../auth/roles.decorator';
import { formatDateTimeCn, isoDateCst } from '../common/dates';
import { contentDisposition, XLSX_CONTENT_TYPE } from '../common/download-headers';
import { FairsService } from '../fairs/fairs.service';
import { CountyDemandService } from './county-demand.service';
import { countyDemandWorkbook } from '../exports/county-demand.workbook';

/** A county operator follows the demand for its own products (超出可供量 flagged). */
@Controller('county/demand')
@Roles('county')
export class CountyDemandController {
  constructor(
    private readonly demand: CountyDemandService,
    private readonly fairs: FairsService,
  ) {}

  @Get()
  @Render('intents/county-demand')
  async show(@CurrentUser() user: SessionUser, @Query('fair') fairParam?: unknown) {
    const fair = await this.fairs.fromQuery(fairParam);
    const rows = await this.demand.forCounty(user.countyId!, fair.id);
    return {
      title: `${user.countyName}产品需求`,
      shownFair: fair,
      rows,
      overCount: rows.filter((r) => r.overCapacity).length,
      totalFen: rows.reduce((s, r) => s + r.amountFen, 0),
    };
  }

  @Get('export.xlsx')
  @Header('Content-Type', XLSX_CONTENT_TYPE)
  async export(
    @CurrentUser() user: SessionUser,
    @Res({ passthrough: true }) res: Response,
    @Query('fair') fairParam?: unknown,
  ): Promise<StreamableFile> {
    const fair = await this.fairs.fromQuery(fairParam);
    const rows = await this.demand.forCounty(user.countyId!, fair.id);
    const wb = countyDemandWorkbook(user.countyName ?? '', rows, formatDateTimeCn(new Date()));
    const name = `${user.countyName}产品需求-${isoDateCst()}.xlsx`;
    res.set('Content-Disposition', contentDisposition(name, 'county-demand.xlsx'));
    return new StreamableFile(Buffer.from(await wb.xlsx.writeBuffer()));
  }
}
