import { Injectable } from '@nestjs/common';
import type { Writable } from 'node:stream';
import { formatDateTimeCn, isoDateCst } from '../../common/dates';
import type { ExportFileName } from '../../exports/exports.service';
import { abandonWorkbook, createWorkbookWriter } from '../../exports/workbook-stream';
import type { Fair } from '../../fairs/fair.entity';
import { DonationBoardService } from '../board/donation-board.service';
import { DonationExportRowsService } from './donation-export-rows.service';
import { writeDonationWorkbook, type DonationWorkbookSummary } from './donation-workbook.writer';

/**
 * 认领认捐汇总表: reads what must be known before the first byte (the per-county figures, so a
 * failure there is an ordinary error page), then opens the output and streams the workbook.
 */
@Injectable()
export class DonationExportService {
  constructor(
    private readonly board: DonationBoardService,
    private readonly rows: DonationExportRowsService,
  ) {}

  fileName(now = new Date()): ExportFileName {
    const day = isoDateCst(now).replace(/-/g, '');
    return { name: `认领认捐汇总表-${day}.xlsx`, fallback: `donations-${day}.xlsx` };
  }

  async workbook(fair: Fair, open: () => Writable, signal?: AbortSignal): Promise<DonationWorkbookSummary> {
    const lines = await this.board.lines(fair.id);
    signal?.throwIfAborted();
    const wb = createWorkbookWriter(open());
    try {
      return await writeDonationWorkbook(
        wb,
        {
          fairName: fair.name,
          exportedAt: formatDateTimeCn(new Date()),
          lines,
          countyProjects: (county) => this.rows.countyProjects(fair.id, county.id),
          receipts: this.rows.receiptRows(fair.id),
          disbursements: this.rows.disbursementRows(fair.id),
        },
        signal,
      );
    } catch (err) {
      abandonWorkbook(wb);
      throw err;
    }
  }
}
