import { Controller, Get, Render } from '@nestjs/common';
import { Roles } from '../auth/roles.decorator';
import { CountiesService } from '../counties/counties.service';
import { DashboardService } from './dashboard.service';

/** The organiser's home: headline totals and county readiness, short counties first. */
@Controller('admin')
@Roles('organiser')
export class DashboardController {
  constructor(
    private readonly dashboard: DashboardService,
    private readonly counties: CountiesService,
  ) {}

  @Get()
  @Render('dashboard/index')
  async index() {
    const [totals, readiness] = await Promise.all([this.dashboard.totals(), this.counties.readiness(true)]);
    return { title: '工作台', totals, readiness, shortCount: readiness.filter((r) => !r.ready).length };
  }
}
