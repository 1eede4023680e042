import { Controller, Get, Header, Render, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentUser, type SessionUser } from '../auth/current-user';
import { Roles } from '../auth/roles.decorator';
import { formatDateTimeCn, isoDateCst } from '../common/dates';
import { contentDisposition, XLSX_CONTENT_TYPE } from '../common/download-headers';
import { CountyDemandService } from './county-demand.service';
import { countyDemandWorkbook } from '../exports/county-demand.workbook';

/** A county operator follows the demand for its own products (超出可供量 flagged). */
@Controller('county/demand')
@Roles('county')
export class CountyDemandController {
  constructor(private readonly demand: CountyDemandService) {}

  @Get()
  @Render('intents/county-demand')
  async show(@CurrentUser() user: SessionUser) {
    const rows = await this.demand.forCounty(user.countyId!);
    return {
      title: `${user.countyName}产品需求`,
      rows,
      overCount: rows.filter((r) => r.overCapacity).length,
      totalFen: rows.reduce((s, r) => s + r.amountFen, 0),
    };
  }

  @Get('export.xlsx')
  @Header('Content-Type', XLSX_CONTENT_TYPE)
  async export(@CurrentUser() user: SessionUser, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const rows = await this.demand.forCounty(user.countyId!);
    const wb = countyDemandWorkbook(user.countyName ?? '', rows, formatDateTimeCn(new Date()));
    const name = `${user.countyName}产品需求-${isoDateCst()}.xlsx`;
    res.set('Content-Disposition', contentDisposition(name, 'county-demand.xlsx'));
    return new StreamableFile(Buffer.from(await wb.xlsx.writeBuffer()));
  }
}
