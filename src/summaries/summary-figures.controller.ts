import { Controller, Get, Query, Render, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentUser, type SessionUser } from '../auth/current-user';
import { Roles } from '../auth/roles.decorator';
import { formatDateCn, formatDateTimeCn, isoDateCst } from '../common/dates';
import { contentDisposition, XLSX_CONTENT_TYPE } from '../common/download-headers';
import type { Fair } from '../fairs/fair.entity';
import { FairsService } from '../fairs/fairs.service';
import { SummaryFiguresService } from './summary-figures.service';
import { figureRows, summaryFiguresWorkbook } from './summary-figures.workbook';

/** The county's figures for its summary: a printable A4 page and the same as an .xlsx (?fair=ID for a past fair). */
@Controller('county/summary/figures')
@Roles('county')
export class SummaryFiguresController {
  constructor(
    private readonly figures: SummaryFiguresService,
    private readonly fairs: FairsService,
  ) {}

  private title(user: SessionUser, fair: Fair): string {
    return `${user.countyName}参加${fair.name}（${formatDateCn(fair.date)}）情况统计`;
  }

  @Get()
  @Render('summaries/figures')
  async page(@CurrentUser() user: SessionUser, @Query('fair') fairParam?: unknown) {
    const fair = await this.fairs.fromQuery(fairParam);
    const figures = await this.figures.forCounty(fair.id, user.countyId!);
    return {
      title: this.title(user, fair),
      layout: 'print-layout',
      shownFair: fair,
      fairQuery: fair.current ? '' : `?fair=${fair.id}`,
      rows: figureRows(figures),
      bestSellers: figures.bestSellers.map((p, i) => ({ ...p, rank: i + 1 })),
      printedAt: formatDateTimeCn(new Date()),
    };
  }

  @Get('export.xlsx')
  async export(@CurrentUser() user: SessionUser, @Res({ passthrough: true }) res: Response, @Query('fair') fairParam?: unknown) {
    const fair = await this.fairs.fromQuery(fairParam);
    const figures = await this.figures.forCounty(fair.id, user.countyId!);
    const wb = summaryFiguresWorkbook(figures, this.title(user, fair), formatDateTimeCn(new Date()));
    res.set({
      'Content-Type': XLSX_CONTENT_TYPE,
      'Content-Disposition': contentDisposition(`${user.countyName}总结数据-${isoDateCst()}.xlsx`, 'summary-figures.xlsx'),
      'Cache-Control': 'private, no-store',
    });
    return new StreamableFile(Buffer.from(await wb.xlsx.writeBuffer()));
  }
}
