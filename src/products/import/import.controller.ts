import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Injectable,
  Post,
  Redirect,
  Render,
  Req,
  Res,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import { CsrfTokenInUrl } from '../../auth/csrf';
import { CurrentUser, type SessionUser } from '../../auth/current-user';
import { Roles } from '../../auth/roles.decorator';
import { AppError } from '../../common/app-error';
import { contentDisposition, XLSX_CONTENT_TYPE } from '../../common/download-headers';
import { flash } from '../../common/flash';
import { FormView, type FormLocalsProvider } from '../../common/form-view';
import { MAX_PROBLEMS_LISTED } from './import-parser';
import { buildImportTemplate } from './import-template';
import { MAX_FILE_BYTES, MAX_FILE_LABEL, MAX_ROWS } from './import-limits';
import { ProductImportService } from './product-import.service';
import { refuseFile } from './xlsx-container';

const TEMPLATE_NAME = '产品导入模板.xlsx';
/** For clients that cannot read filename*= (the Chinese name). */
const TEMPLATE_ASCII_NAME = 'product-import-template.xlsx';

function importPageLocals() {
  return { title: 'Excel 批量导入产品', maxFileLabel: MAX_FILE_LABEL, maxRows: MAX_ROWS };
}

/** What the upload page needs when a refused upload or confirmation shows it again. */
@Injectable()
export class ImportPageLocals implements FormLocalsProvider {
  formLocals() {
    return importPageLocals();
  }
}

/**
 * A county operator's Excel import: template, upload → preview, confirm. The county is
 * always the operator's own (never taken from the request).
 */
@Controller('county/import')
@Roles('county')
export class ImportController {
  constructor(private readonly imports: ProductImportService) {}

  @Get()
  @Render('products/import/index')
  page() {
    return importPageLocals();
  }

  @Get('template.xlsx')
  @Header('Cache-Control', 'no-store')
  async template(): Promise<StreamableFile> {
    const bytes = Buffer.from(await buildImportTemplate().xlsx.writeBuffer());
    return new StreamableFile(bytes, {
      type: XLSX_CONTENT_TYPE,
      length: bytes.length,
      disposition: contentDisposition(TEMPLATE_NAME, TEMPLATE_ASCII_NAME),
    });
  }

  /** Multipart: the CSRF token travels in the query string (the guard runs before multer). */
  @Post()
  @CsrfTokenInUrl()
  @HttpCode(200)
  @FormView('products/import/index', ImportPageLocals)
  @UseInterceptors(
    FileInterceptor('file', { limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 5, parts: 6 }, defParamCharset: 'utf8' }),
  )
  @Render('products/import/preview')
  async upload(
    @CurrentUser() user: SessionUser,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (!file) throw refuseFile('请选择要上传的 Excel 文件（.xlsx）');
    // Every upload replaces the previous one: only the preview last shown can be confirmed.
    const previous = req.session.importFile?.id;
    delete req.session.importFile;
    const { parsed, outcome, importId } = await this.imports.preview(user, file.buffer, previous).catch((err: unknown) => {
      if (err instanceof AppError && err.code === 'RATE_LIMITED') res.setHeader('Retry-After', '10'); // another parse is running
      throw err;
    });
    if (importId) req.session.importFile = { id: importId, name: file.originalname, at: Date.now() };
    else res.status(422);
    return {
      title: '导入预览',
      fileName: file.originalname,
      sheetName: parsed.sheetName,
      // The rows to fix first, each in sheet order; the good ones after them.
      rows: [...parsed.rows.filter((r) => !r.values), ...parsed.rows.filter((r) => r.values)],
      total: parsed.rows.length,
      validCount: parsed.validCount,
      invalidCount: parsed.invalidCount,
      unlistedProblems: parsed.unlistedProblems,
      maxProblemsListed: MAX_PROBLEMS_LISTED,
      outcome,
      importId,
    };
  }

  @Post('confirm')
  @FormView('products/import/index', ImportPageLocals)
  @Redirect('/county', 303)
  async confirm(@CurrentUser() user: SessionUser, @Body('importId') importId: unknown, @Req() req: Request): Promise<void> {
    // The id must be the one this session was shown: never another session's, never an older upload.
    const pending = req.session.importFile;
    if (!pending || pending.id !== importId) {
      throw refuseFile('这次导入已失效（可能已经导入过，或之后又上传了别的文件），没有写入任何数据。请重新上传文件');
    }
    try {
      const outcome = await this.imports.confirm(user, pending.id);
      flash(req, 'success', `导入完成：新增 ${outcome.created} 个，更新 ${outcome.updated} 个，未变 ${outcome.unchanged} 个`);
      delete req.session.importFile;
    } catch (err) {
      if (err instanceof AppError) delete req.session.importFile; // the file is gone: nothing left to confirm
      throw err;
    }
  }
}
