import { Body, Controller, Get, Injectable, Post, Query, Redirect, Render, Req, UploadedFile, UseInterceptors } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Request } from 'express';
import { CsrfTokenInUrl } from '../../auth/csrf';
import { CurrentUser, type SessionUser } from '../../auth/current-user';
import { Roles } from '../../auth/roles.decorator';
import { AppError } from '../../common/app-error';
import { flash } from '../../common/flash';
import { FormView, type FormLocalsProvider } from '../../common/form-view';
import { IdParam, parseRecordId } from '../../common/id-param';
import { toFieldErrors } from '../../common/validation';
import { FairsService } from '../../fairs/fairs.service';
import { ImageUploadInterceptor } from '../../products/image-upload.interceptor';
import { ProductImages } from '../../products/product-images';
import { DonationTotalsService } from '../donation-totals.service';
import { correctionValuesFrom, ProjectCorrectionDto, ProjectInputDto, projectValuesFrom } from './dto/project-input.dto';
import { editModeOf } from './project-rules';
import { countyActionsFor, labelled, PROJECT_FORM_OPTIONS, projectFormValues } from './project-view';
import { ProjectsService } from './projects.service';

/** What the project form needs besides the typed values; also used to re-render it on errors. */
@Injectable()
export class ProjectFormLocals implements FormLocalsProvider {
  constructor(private readonly projects: ProjectsService) {}

  async formLocals(req: Request) {
    const id = parseRecordId(req.params.id);
    const project = id ? await this.projects.findManageableOrThrow(req.currentUser!, id) : null;
    return {
      title: project ? `修改项目：${project.title}` : '新增认领认捐项目',
      project: project && labelled(project),
      correctionsOnly: project ? editModeOf(project) === 'published' : false,
      ...PROJECT_FORM_OPTIONS,
    };
  }
}

/** The project's page with the county's actions; also shows it again when an action is refused. */
@Injectable()
export class ProjectPageLocals implements FormLocalsProvider {
  constructor(
    private readonly projects: ProjectsService,
    private readonly totals: DonationTotalsService,
  ) {}

  async formLocals(req: Request) {
    const project = await this.projects.findManageableOrThrow(req.currentUser!, Number(req.params.id));
    return {
      title: project.title,
      project: labelled(project),
      totals: await this.totals.ofProject(project.id),
      ...countyActionsFor(project),
    };
  }
}

/** A county office's 认领认捐 projects: list, add, edit, submit for review, take back to draft. */
@Controller('county/projects')
@Roles('county')
export class CountyProjectsController {
  constructor(
    private readonly projects: ProjectsService,
    private readonly fairs: FairsService,
    private readonly totals: DonationTotalsService,
    private readonly images: ProductImages,
    private readonly formLocals: ProjectFormLocals,
    private readonly pageLocals: ProjectPageLocals,
  ) {}

  /** The current campaign's projects, or an earlier fair's (?fair=ID), with what was pledged and received. */
  @Get()
  @Render('donations/projects/county-index')
  async index(@CurrentUser() user: SessionUser, @Query('fair') fairParam: unknown) {
    const fair = await this.fairs.fromQuery(fairParam);
    const list = await this.projects.listForCounty(user.countyId!, fair.id);
    const totals = await this.totals.byProject(list.map((p) => p.id));
    return {
      title: `${user.countyName}认领认捐项目`,
      fair,
      fairOptions: await this.fairs.selector(fair),
      // New projects join the current campaign; an earlier fair's list is for reading.
      current: fair.current === true,
      projects: list.map((p) => ({ ...labelled(p), totals: totals.get(p.id) })),
      pendingCount: list.filter((p) => p.status === 'pending').length,
      returnedCount: list.filter((p) => p.status === 'returned').length,
    };
  }

  @Get('new')
  @Render('donations/projects/form')
  async newForm(@Req() req: Request) {
    return { ...(await this.formLocals.formLocals(req)), values: { claimMode: 'shares', acceptsUndirected: 'on' } };
  }

  @Post()
  @CsrfTokenInUrl()
  @UseInterceptors(ImageUploadInterceptor)
  @FormView('donations/projects/form', ProjectFormLocals)
  @Redirect('/county/projects', 303)
  async create(
    @CurrentUser() user: SessionUser,
    @Body() dto: ProjectInputDto,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Req() req: Request,
  ) {
    const imageKey = file ? await this.images.store(file.buffer) : null;
    const project = await this.withImageCleanup(imageKey, () =>
      this.projects.create(user, user.countyId!, projectValuesFrom(dto), imageKey),
    );
    flash(req, 'success', `已保存草稿“${project.title}”。核对无误后请点“提交审核”。`);
    return { url: `/county/projects/${project.id}` };
  }

  @Get(':id')
  @Render('donations/projects/county-show')
  // @IdParam() answers a malformed id with 404 before the page's locals read req.params.id.
  show(@IdParam() _id: number, @Req() req: Request) {
    return this.pageLocals.formLocals(req);
  }

  @Get(':id/edit')
  @Render('donations/projects/form')
  async editForm(@IdParam() id: number, @CurrentUser() user: SessionUser, @Req() req: Request) {
    const project = await this.projects.findManageableOrThrow(user, id);
    if (editModeOf(project) === 'none') {
      const hint = project.status === 'pending' ? '请先撤回为草稿再修改' : '不能再修改';
      throw new AppError('CONFLICT', `该项目当前状态为“${labelled(project).statusLabel}”，${hint}`);
    }
    return { ...(await this.formLocals.formLocals(req)), values: projectFormValues(project) };
  }

  /**
   * Saves the form: every field of a draft or returned project, only the corrections of a
   * published one (project-rules.ts), so the body is checked against the class that fits.
   */
  @Post(':id')
  @CsrfTokenInUrl()
  @UseInterceptors(ImageUploadInterceptor)
  @FormView('donations/projects/form', ProjectFormLocals)
  @Redirect('/county/projects', 303)
  async update(
    @CurrentUser() user: SessionUser,
    @IdParam() id: number,
    @Body() body: Record<string, unknown>,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Req() req: Request,
  ) {
    const current = await this.projects.findManageableOrThrow(user, id);
    const values =
      editModeOf(current) === 'published'
        ? correctionValuesFrom(await validated(ProjectCorrectionDto, body))
        : projectValuesFrom(await validated(ProjectInputDto, body));
    const imageKey = file ? await this.images.store(file.buffer) : body.removeImage === 'on' ? null : undefined;
    const { project, replacedImage } = await this.withImageCleanup(imageKey ?? null, () =>
      this.projects.update(user, id, values, imageKey),
    );
    if (replacedImage) await this.images.remove(replacedImage);
    flash(req, 'success', project.status === 'published' ? '已保存修改，公开页面已更新。' : '已保存修改。');
    return { url: `/county/projects/${id}` };
  }

  @Post(':id/submit')
  @FormView('donations/projects/county-show', ProjectPageLocals)
  @Redirect('/county/projects', 303)
  async submit(@CurrentUser() user: SessionUser, @IdParam() id: number, @Req() req: Request) {
    const project = await this.projects.submit(user, id);
    flash(req, 'success', `“${project.title}”已提交审核，组织方审核通过后将公开发布。`);
    return { url: `/county/projects/${id}` };
  }

  @Post(':id/withdraw')
  @FormView('donations/projects/county-show', ProjectPageLocals)
  @Redirect('/county/projects', 303)
  async withdraw(@CurrentUser() user: SessionUser, @IdParam() id: number, @Req() req: Request) {
    const project = await this.projects.withdraw(user, id);
    flash(req, 'success', `“${project.title}”已撤回为草稿，修改后可再次提交审核。`);
    return { url: `/county/projects/${id}` };
  }

  /** Removes a just-stored image when saving fails, so no orphan file stays behind. */
  private async withImageCleanup<T>(imageKey: string | null, save: () => Promise<T>): Promise<T> {
    try {
      return await save();
    } catch (err) {
      if (imageKey) await this.images.remove(imageKey);
      throw err;
    }
  }
}

/** The global pipe's checks for a body whose class depends on the record (whitelist, Chinese messages). */
async function validated<T extends object>(cls: new () => T, body: Record<string, unknown>): Promise<T> {
  const dto = plainToInstance(cls, body);
  const errors = await validate(dto, { whitelist: true, forbidUnknownValues: true, validationError: { target: false, value: false } });
  if (errors.length > 0) throw AppError.validation(toFieldErrors(errors));
  return dto;
}
