import {
  Body,
  Controller,
  Get,
  Injectable,
  Post,
  Redirect,
  Render,
  Req,
  Res,
  StreamableFile,
  UploadedFiles,
  UseInterceptors,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { CsrfTokenInUrl } from '../auth/csrf';
import { CurrentUser, type SessionUser } from '../auth/current-user';
import { Roles } from '../auth/roles.decorator';
import { AppError } from '../common/app-error';
import { confirmFirst } from '../common/confirmation';
import { flash } from '../common/flash';
import { FormView, type FormLocalsProvider } from '../common/form-view';
import { IdParam } from '../common/id-param';
import { FairsService } from '../fairs/fairs.service';
import { isReadOnly } from '../fairs/fair-status';
import { sendSummaryFile } from './summary-download';
import { closesAt, SummaryDueDatesService } from './summary-due-dates.service';
import { submissionOf } from './summary-board';
import { SUMMARY_FILE_KINDS, SUMMARY_KIND_LABELS, type SummaryFileKind } from './summary-file-types';
import { SummaryFilesService } from './summary-files.service';
import { MB, SUMMARY_LIMITS } from './summary-limits';
import { SummaryUploadInterceptor } from './summary-upload.interceptor';
import type { IncomingFile } from './summary-upload-checks';

/** The county's summary page for the current fair; also re-renders it with an upload's messages. */
@Injectable()
export class CountySummaryLocals implements FormLocalsProvider {
  constructor(
    private readonly files: SummaryFilesService,
    private readonly fairs: FairsService,
    private readonly dueDates: SummaryDueDatesService,
  ) {}

  async formLocals(req: Request) {
    const user = req.currentUser!;
    const fair = await this.fairs.current();
    const [files, dueDate] = await Promise.all([this.files.listForCounty(fair.id, user.countyId!), this.dueDates.dueDate(fair)]);
    const passed = Date.now() >= closesAt(dueDate).getTime();
    return {
      title: `${user.countyName}总结材料`,
      shownFair: fair,
      dueDate,
      duePassed: passed,
      archived: isReadOnly(fair.status),
      submission: submissionOf({ id: user.countyId!, name: user.countyName ?? '' }, files, closesAt(dueDate)),
      kinds: SUMMARY_FILE_KINDS.map((k) => ({ value: k, label: SUMMARY_KIND_LABELS[k] })),
      limits: {
        fileMb: SUMMARY_LIMITS.fileBytes / MB,
        totalMb: SUMMARY_LIMITS.totalBytes / MB,
        files: SUMMARY_LIMITS.files,
        perUpload: SUMMARY_LIMITS.filesPerUpload,
      },
    };
  }
}

/** A county sends its summary (总结材料) and activity photos for the current fair, and reads them back. */
@Controller('county/summary')
@Roles('county')
export class CountySummaryController {
  constructor(
    private readonly files: SummaryFilesService,
    private readonly fairs: FairsService,
    private readonly locals: CountySummaryLocals,
  ) {}

  @Get()
  @Render('summaries/county')
  async page(@Req() req: Request) {
    return { ...(await this.locals.formLocals(req)), values: { kind: 'document' } };
  }

  @Post('files')
  @CsrfTokenInUrl()
  @UseInterceptors(SummaryUploadInterceptor)
  @FormView('summaries/county', CountySummaryLocals)
  @Redirect('/county/summary', 303)
  async upload(
    @CurrentUser() user: SessionUser,
    @Body('kind') kind: unknown,
    @UploadedFiles() uploaded: IncomingFile[] | undefined,
    @Req() req: Request,
  ): Promise<void> {
    if (!SUMMARY_FILE_KINDS.includes(kind as SummaryFileKind)) throw AppError.validation({ kind: ['请选择文件类别'] });
    const fair = await this.fairs.current();
    const saved = await this.files.upload(user, fair, kind as SummaryFileKind, uploaded ?? []);
    flash(req, 'success', `已上传 ${saved.length} 个文件：${saved.map((f) => `“${f.fileName}”`).join('、')}`);
  }

  @Post('files/:id/replace')
  @CsrfTokenInUrl()
  @UseInterceptors(SummaryUploadInterceptor)
  @FormView('summaries/county', CountySummaryLocals)
  @Redirect('/county/summary', 303)
  async replace(
    @CurrentUser() user: SessionUser,
    @IdParam() id: number,
    @UploadedFiles() uploaded: IncomingFile[] | undefined,
    @Req() req: Request,
  ): Promise<void> {
    const file = await this.files.replace(user, id, uploaded ?? []);
    flash(req, 'success', `已替换为“${file.fileName}”`);
  }

  @Post('files/:id/delete')
  @FormView('summaries/county', CountySummaryLocals)
  @Redirect('/county/summary', 303)
  async remove(@CurrentUser() user: SessionUser, @IdParam() id: number, @Req() req: Request): Promise<void> {
    await confirmFirst(req, async () => {
      const file = await this.files.findVisibleOrThrow(user, id);
      return {
        title: `删除“${file.fileName}”？`,
        consequences: ['该文件将从本县的总结材料中删除，组织方不再看到它，不能恢复。'],
        confirmLabel: '确认删除',
        back: '/county/summary',
      };
    });
    const file = await this.files.remove(user, id);
    flash(req, 'success', `已删除“${file.fileName}”`);
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
}
