import { Body, Controller, Get, Post, Redirect, Render, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentUser, type SessionUser } from '../auth/current-user';
import { Roles } from '../auth/roles.decorator';
import { datetimeLocalCst, formatDateCn, parseDatetimeLocalCst } from '../common/dates';
import { flash } from '../common/flash';
import { FormView, type FormLocalsProvider } from '../common/form-view';
import { IdParam, parseRecordId } from '../common/id-param';
import { FairTotalsService } from '../intents/fair-totals.service';
import { FairFormDto } from './dto/fair-form.dto';
import { FAIR_TEXT_LIMITS } from './fair-limits';
import { FairListingsService } from './fair-listings.service';
import { nextFairFrom } from './fair-prefill';
import { FAIR_STATUS_LABELS, isReadOnly, nextStatus } from './fair-status';
import type { Fair } from './fair.entity';
import { FairsService, type FairFields } from './fairs.service';

/** The form's values for a fair (the deadline as datetime-local in CST). */
const formValues = (f: Pick<Fair, 'name' | 'date' | 'venue' | 'intentDeadline' | 'minimumProducts'>) => ({
  name: f.name,
  date: f.date,
  venue: f.venue ?? '',
  intentDeadline: datetimeLocalCst(f.intentDeadline),
  minimumProducts: f.minimumProducts,
});

const toFields = (dto: FairFormDto): FairFields => ({
  name: dto.name,
  date: dto.date,
  venue: dto.venue ?? null,
  intentDeadline: dto.intentDeadline ? parseDatetimeLocalCst(dto.intentDeadline) : null,
  minimumProducts: dto.minimumProducts,
});

/** The organiser's fairs (展销会): the list, a new fair, editing one, making one current. */
@ApiExcludeController()
@Controller('admin/fairs')
@Roles('organiser')
export class FairsAdminController implements FormLocalsProvider {
  constructor(
    private readonly fairs: FairsService,
    private readonly listings: FairListingsService,
    private readonly totals: FairTotalsService,
  ) {}

  /** The form page's own locals: the fair being edited (by :id), or the one a new fair follows. */
  async formLocals(req: Request) {
    const limits = FAIR_TEXT_LIMITS;
    if (req.params.id === undefined) {
      const current = await this.fairs.current();
      return { title: '新建展销会', action: '/admin/fairs', isNew: true, previous: current, limits };
    }
    const fair = await this.fairs.byId(parseRecordId(req.params.id) ?? 0);
    this.fairs.assertWritable(fair);
    return { title: `修改展销会：${fair.name}`, action: `/admin/fairs/${fair.id}`, fair, limits };
  }

  @Get()
  @Render('fairs/index')
  async index() {
    const [fairs, listed, intents] = await Promise.all([this.fairs.list(), this.listings.countsByFair(), this.totals.intentsPerFair()]);
    return {
      title: '展销会',
      fairs: fairs.map((f) => {
        const next = nextStatus(f.status);
        return {
          ...f,
          statusLabel: FAIR_STATUS_LABELS[f.status],
          listed: listed.get(f.id) ?? 0,
          intents: intents.get(f.id) ?? 0,
          nextLabel: next ? FAIR_STATUS_LABELS[next] : null,
          // The current fair is archived only once another is current: say so instead of offering the step.
          archiveWaits: next !== null && isReadOnly(next) && f.current === true,
          writable: !isReadOnly(f.status),
        };
      }),
    };
  }

  @Get('new')
  @Render('fairs/form')
  async newForm(@Req() req: Request) {
    const locals = await this.formLocals(req);
    return { ...locals, values: formValues(nextFairFrom(locals.previous!)) };
  }

  @Post()
  @FormView('fairs/form', FairsAdminController)
  @Redirect('/admin/fairs', 303)
  async create(@CurrentUser() user: SessionUser, @Body() dto: FairFormDto, @Req() req: Request): Promise<void> {
    const fair = await this.fairs.create(user, toFields(dto));
    flash(req, 'success', `已新建${fair.name}（筹备中）。设为当前后，各县区和采购单位看到的就是这一届。`);
  }

  @Get(':id/edit')
  @Render('fairs/form')
  async editForm(@IdParam() _id: number, @Req() req: Request) {
    const locals = await this.formLocals(req);
    return { ...locals, values: formValues(locals.fair!) };
  }

  @Post(':id')
  @FormView('fairs/form', FairsAdminController)
  @Redirect('/admin/fairs', 303)
  async update(@CurrentUser() user: SessionUser, @IdParam() id: number, @Body() dto: FairFormDto, @Req() req: Request): Promise<void> {
    const fair = await this.fairs.update(user, id, toFields(dto));
    flash(req, 'success', `${fair.name}（${formatDateCn(fair.date)}）已保存`);
  }

  @Post(':id/make-current')
  @Redirect('/admin/fairs', 303)
  async makeCurrent(@CurrentUser() user: SessionUser, @IdParam() id: number, @Req() req: Request): Promise<void> {
    const fair = await this.fairs.makeCurrent(user, id);
    flash(req, 'success', `${fair.name}已设为当前展销会：产品目录、意向登记和工作台现在都是这一届。`);
  }
}
