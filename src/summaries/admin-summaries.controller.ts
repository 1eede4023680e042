import { Body, Controller, Get, Injectable, Logger, Post, Query, Redirect, Render, Req, Res, StreamableFile } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CurrentUser, type SessionUser } from '../auth/current-user';
import { Roles } from '../auth/roles.decorator';
import { formatDateCn, isoDateCst } from '../common/dates';
import { flash } from '../common/flash';
import { FormView, type FormLocalsProvider } from '../common/form-view';
import { IdParam } from '../common/id-param';
import { CountiesService } from '../counties/counties.service';
import { streamDownload } from '../exports/download';
import { isReadOnly } from '../fairs/fair-status';
import { FairsService } from '../fairs/fairs.service';
import { DueDateDto } from './dto/due-date.dto';
import { boardOf } from './summary-board';
import { sendSummaryFile } from './summary-download';
import { closesAt, SummaryDueDatesService } from './summary-due-dates.service';
import { SummaryFilesService } from './summary-files.service';
import { writeZip } from './summary-zip';

const logger = new Logger('Summaries');

/** The board for the fair in ?fair= (or the form's hidden field), or the current one. */
@Injectable()
export class SummaryBoardLocals implements FormLocalsProvider {
  constructor(
    private readonly files: SummaryFilesService,
    private readonly fairs: FairsService,
    private readonly dueDates: SummaryDueDatesService,
    private readonly counties: CountiesService,
  ) {}

  async formLocals(req: Request) {
    const fair = await this.fairs.fromQuery(req.query.fair ?? (req.body as Record<string, unknown> | undefined)?.fair);
    const [counties, files, dueDate, fairOptions] = await Promise.all([
      this.counties.findAll(),
      this.files.listForFair(fair.id),
      this.dueDates.dueDate(fair),
      this.fairs.selector(fair),
    ]);
    const board = boardOf(counties, files, closesAt(dueDate));
    const count = (s: string) => board.filter((b) => b.status === s).length;
    return {
      title: '总结材料',
      shownFair: fair,
      fairOptions,
      dueDate,
      archived: isReadOnly(fair.status),
      board,
      counts: { submitted: count('submitted'), late: count('late'), missing: count('missing'), files: files.length },
      values: { dueDate },
    };
  }
}

/** The organiser's board of the counties' summaries: who has sent what, the due date, one zip of everything. */
@Controller('admin/summaries')
@Roles('organiser')
export class AdminSummariesController {
  constructor(
    private readonly files: SummaryFilesService,
    private readonly fairs: FairsService,
    private readonly dueDates: SummaryDueDatesService,
    private readonly counties: CountiesService,
    private readonly locals: SummaryBoardLocals,
  ) {}

  @Get()
  @Render('summaries/board')
  board(@Req() req: Request) {
    return this.locals.formLocals(req);
  }

  @Post('due-date')
  @FormView('summaries/board', SummaryBoardLocals)
  @Redirect('/admin/summaries', 303)
  async setDueDate(@CurrentUser() user: SessionUser, @Body() dto: DueDateDto, @Req() req: Request) {
    const fair = await this.fairs.byId(dto.fair);
    await this.dueDates.set(user, fair, dto.dueDate);
    flash(req, 'success', `${fair.name}的总结材料截止日期已改为${formatDateCn(dto.dueDate)}`);
    return { url: `/admin/summaries?fair=${fair.id}` };
  }

  @Get('files/:id')
  async download(
    @CurrentUser() user: SessionUser,
    @IdParam() id: number,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const file = await this.files.findVisibleOrThrow(user, id);
    return sendSummaryFile(res, file, await this.files.bytesOf(file));
  }

  /** Every county's files as 县区/文件名 in one zip, streamed. */
  @Get('summaries.zip')
  async zip(@Query('fair') fairParam: unknown, @Res() res: Response): Promise<void> {
    const fair = await this.fairs.fromQuery(fairParam);
    const [counties, files] = await Promise.all([this.counties.findAll(), this.files.listForFair(fair.id)]);
    const names = new Map(counties.map((c) => [c.id, c.name]));
    const items = files.map((f) => ({
      folder: names.get(f.countyId) ?? `县区${f.countyId}`,
      name: f.fileName,
      date: f.createdAt,
      bytes: () => this.files.bytesOf(f),
    }));
    await streamDownload(
      res,
      { name: `${fair.name}-总结材料-${isoDateCst()}.zip`, fallback: 'summaries.zip', contentType: 'application/zip' },
      (open, signal) => writeZip(items, open(), signal),
      (err) => logger.error(`the summaries zip failed while streaming: ${(err as Error)?.stack ?? String(err)}`),
    );
  }
}
