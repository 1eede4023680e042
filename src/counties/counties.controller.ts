import { Body, Controller, Get, Post, Redirect, Render, Req } from '@nestjs/common';
import type { Request } from 'express';
import { CurrentUser, type SessionUser } from '../auth/current-user';
import { Roles } from '../auth/roles.decorator';
import { flash } from '../common/flash';
import { FormView, type FormLocalsProvider } from '../common/form-view';
import { IdParam } from '../common/id-param';
import { FairsService } from '../fairs/fairs.service';
import { CountiesService } from './counties.service';
import { UpdateCountyDto } from './dto/update-county.dto';

/** The organiser's county list: readiness and each county's product minimum. */
@Controller('admin/counties')
@Roles('organiser')
export class CountiesController implements FormLocalsProvider {
  constructor(
    private readonly counties: CountiesService,
    private readonly fairs: FairsService,
  ) {}

  /** On a validation error, `failedId` tells the page which county's row to mark. */
  async formLocals(req?: Request) {
    return {
      title: '县区设置',
      counties: await this.counties.readiness((await this.fairs.current()).id),
      failedId: req?.params.id ?? null,
    };
  }

  @Get()
  @Render('counties/index')
  index() {
    return this.formLocals();
  }

  @Post(':id')
  @FormView('counties/index', CountiesController)
  @Redirect('/admin/counties', 303)
  async update(@CurrentUser() user: SessionUser, @IdParam() id: number, @Body() dto: UpdateCountyDto, @Req() req: Request) {
    const county = await this.counties.setMinimum(user, id, dto.minimumProducts);
    flash(req, 'success', `${county.name}的最少产品数已改为 ${dto.minimumProducts}`);
  }
}
