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
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CsrfTokenInUrl } from '../../auth/csrf';
import { CurrentUser, type SessionUser } from '../../auth/current-user';
import { Roles } from '../../auth/roles.decorator';
import { AppError } from '../../common/app-error';
import { isoDateCst } from '../../common/dates';
import { flash } from '../../common/flash';
import { FormView, type FormLocalsProvider } from '../../common/form-view';
import { IdParam, parseRecordId } from '../../common/id-param';
import { formatFen } from '../../common/money';
import { isReadOnly } from '../../fairs/fair-status';
import { FairsService } from '../../fairs/fairs.service';
import { MB } from '../../summaries/summary-limits';
import { sendStoredFile } from '../../summaries/summary-download';
import { SUMMARY_FILE_TYPES } from '../../summaries/summary-file-types';
import type { IncomingFile } from '../../summaries/summary-upload-checks';
import { DONATION_TEXT_LIMITS } from '../donation-limits';
import { balanceFen } from '../donation-totals';
import { PROJECT_KIND_LABELS } from '../project-kinds';
import { PROJECT_STATUS_LABELS } from '../project-status';
import { DisbursementsService } from './disbursements.service';
import { DisbursementInputDto, disbursementValuesFrom } from './dto/disbursement-input.dto';
import { VOUCHER_MAX_BYTES, VoucherUploadInterceptor } from './voucher-upload';

const pagePath = (projectId: number) => `/county/projects/${projectId}/disbursements`;

/** Why the page shows no form, or null when the county may record a disbursement. */
function readOnlyReason(isCounty: boolean, archived: boolean, fairName: string, receivedFen: number, balance: number): string | null {
  if (!isCounty) return '组织方可以查看各县区的资金使用；登记由项目所在县区办理。';
  if (archived) return `${fairName}已归档，资金使用记录只能查看，不能再登记。`;
  if (receivedFen <= 0) return '该项目还没有到账的捐款。捐款到账并登记后，才能登记资金使用。';
  if (balance <= 0) return '该项目的到账捐款已全部使用（余额为 0），不能再登记。';
  return null;
}

/**
 * The project's 资金使用 page: received, disbursed and balance, the disbursements, and the form
 * for the project's own county while the fair is not archived and money is left. Also what a
 * refused form is shown again with.
 */
@Injectable()
export class DisbursementPageLocals implements FormLocalsProvider {
  constructor(
    private readonly disbursements: DisbursementsService,
    private readonly fairs: FairsService,
  ) {}

  async formLocals(req: Request) {
    const user = req.currentUser!;
    const projectId = parseRecordId(req.params.id);
    if (projectId === null) throw AppError.notFound('该项目');
    const project = await this.disbursements.projectVisibleTo(user, projectId);
    const [fair, totals, rows] = await Promise.all([
      this.fairs.byId(project.fairId),
      this.disbursements.totalsOf(project.id),
      this.disbursements.listForOffice(project.id),
    ]);
    const archived = isReadOnly(fair.status);
    const balance = balanceFen(totals);
    const isCounty = user.role === 'county';
    return {
      title: `资金使用 · ${project.title}`,
      project,
      countyName: project.county?.name ?? '',
      kindLabel: PROJECT_KIND_LABELS[project.kind] ?? project.kind,
      statusLabel: PROJECT_STATUS_LABELS[project.status] ?? project.status,
      fair,
      totals,
      balanceFen: balance,
      disbursements: rows.map((d) => ({
        ...d,
        attachmentLabel: d.attachmentType ? SUMMARY_FILE_TYPES[d.attachmentType as keyof typeof SUMMARY_FILE_TYPES]?.label : null,
      })),
      // The projects list is the county's (/county/projects) or, for the organiser, the review queue.
      backHref: isCounty ? '/county/projects' : '/admin/projects',
      readOnlyReason: readOnlyReason(isCounty, archived, fair.name, totals.receivedFen, balance),
      today: isoDateCst(new Date()),
      limits: { payee: DONATION_TEXT_LIMITS.payee, purpose: DONATION_TEXT_LIMITS.purpose, voucherMb: VOUCHER_MAX_BYTES / MB },
      action: pagePath(project.id),
    };
  }
}

/**
 * 资金使用 (谁使用、谁公开): a county records how a project's received donations were paid out,
 * with an optional payment voucher; the organiser reads any county's page. The project list
 * itself (/county/projects) belongs to the projects feature.
 */
@ApiExcludeController()
@Controller('county/projects/:id/disbursements')
export class DisbursementsController {
  constructor(
    private readonly disbursements: DisbursementsService,
    private readonly locals: DisbursementPageLocals,
  ) {}

  @Get()
  @Roles('county', 'organiser')
  @Render('donations/disbursements/index')
  // @IdParam() answers a malformed id with 404 before the locals read req.params.id.
  async page(@IdParam() _id: number, @Req() req: Request) {
    return { ...(await this.locals.formLocals(req)), values: {} };
  }

  @Post()
  @Roles('county')
  @CsrfTokenInUrl()
  @UseInterceptors(VoucherUploadInterceptor)
  @FormView('donations/disbursements/index', DisbursementPageLocals)
  @Redirect('/county', 303)
  async record(
    @CurrentUser() user: SessionUser,
    @IdParam() id: number,
    @Body() dto: DisbursementInputDto,
    @UploadedFiles() uploaded: IncomingFile[] | undefined,
    @Req() req: Request,
  ) {
    const row = await this.disbursements.record(user, id, disbursementValuesFrom(dto), uploaded?.[0] ?? null);
    flash(req, 'success', `已登记支付给“${row.payee}”的 ${formatFen(row.amountFen)}${row.attachmentName ? '（附付款凭证）' : ''}`);
    return { url: pagePath(id) };
  }

  /** The voucher: the project's county office and the organiser only, never the public (see voucher-upload.ts). */
  @Get(':disbursementId/attachment')
  @Roles('county', 'organiser')
  async attachment(
    @CurrentUser() user: SessionUser,
    @IdParam() id: number,
    @IdParam('disbursementId') disbursementId: number,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { row, bytes } = await this.disbursements.voucherOf(user, id, disbursementId);
    const type = row.attachmentType as keyof typeof SUMMARY_FILE_TYPES;
    return sendStoredFile(res, { name: row.attachmentName ?? `voucher-${row.id}`, type, fallback: `voucher-${row.id}` }, bytes);
  }
}
