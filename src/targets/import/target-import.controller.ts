import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Injectable,
  Post,
  Query,
  Redirect,
  Render,
  Req,
  Res,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CsrfTokenInUrl } from '../../auth/csrf';
import { CurrentUser, type SessionUser } from '../../auth/current-user';
import { Roles } from '../../auth/roles.decorator';
import { AppError } from '../../common/app-error';
import { contentDisposition, XLSX_CONTENT_TYPE } from '../../common/download-headers';
import { flash } from '../../common/flash';
import { FormView, type FormLocalsProvider } from '../../common/form-view';
import { FairsService } from '../../fairs/fairs.service';
import { MAX_FILE_BYTES, MAX_FILE_LABEL, MAX_ROWS } from '../../products/import/import-limits';
import { MAX_PROBLEMS_LISTED } from '../../products/import/import-parser';
import { buildSheetTemplate } from '../../products/import/import-template';
import { refuseFile } from '../../products/import/xlsx-errors';
import { TARGET_TEMPLATE } from './target-sheet';
import { TargetImportService } from './target-import.service';

/** The upload page, also when a refused upload or confirmation shows it again. */
@Injectable()
export class TargetImportPageLocals implements FormLocalsProvider {
  constructor(private readonly fairs: FairsService) {}

  async formLocals(req: Request) {
    const fair = await this.fairs.fromQuery(req.query.fair);
    return {
      title: 'Excel 导入认购目标',
      shownFair: fair,
      fairQuery: fair.current ? '' : `?fair=${fair.id}`,
      maxFileLabel: MAX_FILE_LABEL,
      maxRows: MAX_ROWS,
    };
  }
}

/** The organiser's target import for a fair (?fair=ID, else the current one): template, upload → preview, confirm. */
@ApiExcludeController()
@Controller('admin/targets/import')
@Roles('organiser')
export class TargetImportController {
  constructor(
    private readonly imports: TargetImportService,
    private readonly fairs: FairsService,
    private readonly page: TargetImportPageLocals,
  ) {}

  @Get()
  @Render('targets/import')
  async index(@Req() req: Request) {
    const locals = await this.page.formLocals(req);
    this.fairs.assertWritable(locals.shownFair);
    return locals;
  }

  @Get('template.xlsx')
  @Header('Cache-Control', 'no-store')
  async template(): Promise<StreamableFile> {
    const bytes = Buffer.from(await buildSheetTemplate(TARGET_TEMPLATE).xlsx.writeBuffer());
    return new StreamableFile(bytes, {
      type: XLSX_CONTENT_TYPE,
      length: bytes.length,
      disposition: contentDisposition('认购目标导入模板.xlsx', 'target-import-template.xlsx'),
    });
  }

  /** Multipart: the CSRF token and the fair travel in the query string (the guard runs before multer). */
  @Post()
  @CsrfTokenInUrl()
  @HttpCode(200)
  @FormView('targets/import', TargetImportPageLocals)
  @UseInterceptors(
    FileInterceptor('file', { limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 5, parts: 6 }, defParamCharset: 'utf8' }),
  )
  @Render('targets/import-preview')
  async upload(
    @CurrentUser() user: SessionUser,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Query('fair') fairParam: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const fair = await this.fairs.fromQuery(fairParam);
    if (!file) throw refuseFile('请选择要上传的 Excel 文件（.xlsx）');
    const previous = req.session.targetImportFile?.id;
    delete req.session.targetImportFile;
    const { parsed, outcome, importId } = await this.imports.preview(user, fair.id, file.buffer, previous).catch((err: unknown) => {
      if (err instanceof AppError && err.code === 'RATE_LIMITED') res.setHeader('Retry-After', '10');
      throw err;
    });
    if (importId) req.session.targetImportFile = { id: importId, fairId: fair.id, at: Date.now() };
    else res.status(422);
    return {
      title: '认购目标导入预览',
      shownFair: fair,
      fairQuery: fair.current ? '' : `?fair=${fair.id}`,
      fileName: file.originalname,
      sheetName: parsed.sheetName,
      rows: parsed.rows,
      total: parsed.rows.length,
      validCount: parsed.validCount,
      invalidCount: parsed.invalidCount,
      unlistedProblems: parsed.unlistedProblems,
      maxProblemsListed: MAX_PROBLEMS_LISTED,
      outcome,
      importId,
    };
  }

  /** Confirms the preview this session was last shown, for the fair it was shown for. */
  @Post('confirm')
  @FormView('targets/import', TargetImportPageLocals)
  @Redirect('/admin/targets', 303)
  async confirm(@CurrentUser() user: SessionUser, @Body('importId') importId: unknown, @Req() req: Request) {
    const pending = req.session.targetImportFile;
    if (!pending || pending.id !== importId) {
      throw refuseFile('这次导入已失效（可能已经导入过，或之后又上传了别的文件），没有写入任何数据。请重新上传文件');
    }
    try {
      const outcome = await this.imports.confirm(user, pending.fairId, pending.id);
      delete req.session.targetImportFile;
      flash(req, 'success', `导入完成：新增 ${outcome.created} 个，更新 ${outcome.updated} 个，未变 ${outcome.unchanged} 个认购目标`);
      const fair = await this.fairs.byId(pending.fairId);
      return { url: `/admin/targets${fair.current ? '' : `?fair=${fair.id}`}` };
    } catch (err) {
      if (err instanceof AppError) delete req.session.targetImportFile;
      throw err;
    }
  }
}
