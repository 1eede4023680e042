import { Controller, Get, Logger, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Roles } from '../../auth/roles.decorator';
import { streamDownload } from '../../exports/download';
import { FairsService } from '../../fairs/fairs.service';
import { DonationExportService } from './donation-export.service';

const logger = new Logger('DonationExport');

/**
 * The organiser's 认领认捐汇总表 download (?fair=ID, else the current fair). @Res() because
 * the workbook is streamed as it is written, like the 签约汇总表.
 */
@Controller('admin/donations')
@Roles('organiser')
export class DonationExportController {
  constructor(
    private readonly exports: DonationExportService,
    private readonly fairs: FairsService,
  ) {}

  @Get('export')
  async download(@Query('fair') fairParam: unknown, @Res() res: Response): Promise<void> {
    const fair = await this.fairs.fromQuery(fairParam);
    await streamDownload(
      res,
      this.exports.fileName(),
      (open, signal) => this.exports.workbook(fair, open, signal),
      (err) => logger.error(`认领认捐汇总表 failed while streaming: ${(err as Error)?.stack ?? String(err)}`),
    );
  }
}
