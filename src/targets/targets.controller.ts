import { Body, Controller, Get, Injectable, Post, Query, Redirect, Render, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentUser, type SessionUser } from '../auth/current-user';
import { Roles } from '../auth/roles.decorator';
import { BUYER_UNIT_TYPES } from '../buyers/buyer-unit-types';
import { flash } from '../common/flash';
import { FormView, type FormLocalsProvider } from '../common/form-view';
import { IdParam } from '../common/id-param';
import { formatFen } from '../common/money';
import { isReadOnly } from '../fairs/fair-status';
import type { Fair } from '../fairs/fair.entity';
import { FairsService } from '../fairs/fairs.service';
import { TargetInputDto, targetValuesFrom } from './dto/target-input.dto';
import { parseTargetSort, TARGET_SORTS } from './target-completion';
import { TargetCompletionService } from './target-completion.service';
import { TargetsService } from './targets.service';

/** ?fair=ID on the organiser's pages, kept in their links only when it is not the current fair. */
const fairSuffix = (fair: Fair) => (fair.current ? '' : `?fair=${fair.id}`);

/** What the target form needs besides the typed values. */
@Injectable()
export class TargetFormLocals implements FormLocalsProvider {
  constructor(private readonly targets: TargetsService) {}

  async formLocals(req: Request) {
    const id = req.params.id ? Number(req.params.id) : null;
    const target = id ? await this.targets.byId(id) : null;
    return { title: target ? '修改认购目标' : '添加认购目标', types: BUYER_UNIT_TYPES, target };
  }
}

/**
 * The organiser's 认购目标 of a fair (?fair=ID, else the current one): completion per unit and
 * per type, sortable, and targets added, changed and deleted one by one.
 */
@ApiExcludeController()
@Controller('admin/targets')
@Roles('organiser')
export class TargetsController {
  constructor(
    private readonly targets: TargetsService,
    private readonly completion: TargetCompletionService,
    private readonly fairs: FairsService,
  ) {}

  @Get()
  @Render('targets/index')
  async index(@Query('fair') fairParam?: unknown, @Query('sort') sortParam?: unknown) {
    const fair = await this.fairs.fromQuery(fairParam);
    const sort = parseTargetSort(sortParam);
    const [completion, fairOptions] = await Promise.all([this.completion.completion({ fairId: fair.id }, sort), this.fairs.selector(fair)]);
    return {
      title: '认购目标',
      shownFair: fair,
      fairQuery: fairSuffix(fair),
      fairOptions,
      readOnly: isReadOnly(fair.status),
      sort,
      sorts: Object.entries(TARGET_SORTS).map(([value, label]) => ({ value, label })),
      ...completion,
    };
  }

  @Get('new')
  @Render('targets/form')
  async newForm(@Query('fair') fairParam?: unknown) {
    const fair = await this.fairs.fromQuery(fairParam);
    this.fairs.assertWritable(fair);
    return { title: '添加认购目标', types: BUYER_UNIT_TYPES, shownFair: fair, values: {} };
  }

  /** The fair travels as a hidden field, so a target is added to the fair whose page it came from. */
  @Post()
  @FormView('targets/form', TargetFormLocals)
  @Redirect('/admin/targets', 303)
  async create(@CurrentUser() user: SessionUser, @Body() dto: TargetInputDto, @Body('fair') fairParam: unknown, @Req() req: Request) {
    const fair = await this.fairs.fromQuery(fairParam);
    const target = await this.targets.create(user, fair.id, targetValuesFrom(dto));
    flash(req, 'success', `已添加“${target.unitName}”的认购目标 ${formatFen(target.targetFen)}`);
    return { url: `/admin/targets${fairSuffix(fair)}` };
  }

  @Get(':id/edit')
  @Render('targets/form')
  async editForm(@IdParam() id: number) {
    const target = await this.targets.byId(id);
    const fair = await this.fairs.byId(target.fairId);
    this.fairs.assertWritable(fair);
    return {
      title: '修改认购目标',
      types: BUYER_UNIT_TYPES,
      target,
      shownFair: fair,
      values: { ...target, amount: (target.targetFen / 100).toFixed(2) },
    };
  }

  @Post(':id')
  @FormView('targets/form', TargetFormLocals)
  @Redirect('/admin/targets', 303)
  async update(@CurrentUser() user: SessionUser, @IdParam() id: number, @Body() dto: TargetInputDto, @Req() req: Request) {
    const target = await this.targets.update(user, id, targetValuesFrom(dto));
    flash(req, 'success', `已修改“${target.unitName}”的认购目标`);
    return { url: `/admin/targets${fairSuffix(await this.fairs.byId(target.fairId))}` };
  }

  @Post(':id/delete')
  @Redirect('/admin/targets', 303)
  async remove(@CurrentUser() user: SessionUser, @IdParam() id: number, @Req() req: Request) {
    const target = await this.targets.remove(user, id);
    flash(req, 'success', `已删除“${target.unitName}”的认购目标`);
    return { url: `/admin/targets${fairSuffix(await this.fairs.byId(target.fairId))}` };
  }
}
