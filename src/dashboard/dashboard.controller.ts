import { Controller, Get, Query, Render } from '@nestjs/common';
import { Roles } from '../auth/roles.decorator';
import { BUYER_UNIT_TYPES } from '../buyers/buyer-unit-types';
import { formatWanYuan } from '../common/money';
import { CountiesService } from '../counties/counties.service';
import { FairsService } from '../fairs/fairs.service';
import { FairTotalsService, type FairFilter } from '../intents/fair-totals.service';
import { barChart, shareBar } from './charts';
import { DashboardService } from './dashboard.service';
import { TargetCompletionService } from '../targets/target-completion.service';

/** Units the dashboard lists from the targets furthest behind (the full list: /admin/targets). */
const TARGETS_SHOWN = 10;

const wan = (fen: number) => formatWanYuan(fen).replace('万元', '万');

/** The organiser's home: totals, charts, readiness and over-subscription, filterable by county and buyer type. */
@Controller('admin')
@Roles('organiser')
export class DashboardController {
  constructor(
    private readonly dashboard: DashboardService,
    private readonly figures: FairTotalsService,
    private readonly counties: CountiesService,
    private readonly fairs: FairsService,
    private readonly targets: TargetCompletionService,
  ) {}

  @Get()
  @Render('dashboard/index')
  async index(@Query('county') countyParam?: string, @Query('type') typeParam?: string, @Query('fair') fairParam?: unknown) {
    const fair = await this.fairs.fromQuery(fairParam);
    const allCounties = await this.counties.findAll();
    const county = allCounties.find((c) => c.code === countyParam);
    const type = (BUYER_UNIT_TYPES as readonly string[]).includes(typeParam ?? '') ? typeParam : undefined;
    const filter: FairFilter = { fairId: fair.id, countyId: county?.id, buyerType: type };
    const [totals, byCounty, byType, readiness, oversubscribed, registeredUnits, fairOptions, targets] = await Promise.all([
      this.figures.totals(filter),
      this.figures.byCounty(filter),
      this.figures.byBuyerType(filter),
      this.counties.readiness(fair.id, true),
      this.dashboard.oversubscribed(filter),
      this.dashboard.registeredUnits(),
      this.fairs.selector(fair),
      // Targets are a unit's whole fair: never narrowed by the county or type filter.
      this.targets.completion({ fairId: fair.id }),
    ]);
    const publishedProducts = byCounty.reduce((s, c) => s + c.publishedProducts, 0);
    return {
      title: '工作台',
      totals,
      publishedProducts,
      registeredUnits,
      byCounty,
      byType,
      readiness,
      shortCount: readiness.filter((r) => !r.ready).length,
      oversubscribed,
      countyChart: barChart(
        byCounty.map((c) => ({ label: c.name, values: [c.intendedFen, c.signedFen], valueLabels: [wan(c.intendedFen), wan(c.signedFen)] })),
        [
          { name: '意向金额', className: 'series-0' },
          { name: '签约金额', className: 'series-1' },
        ],
      ),
      typeShares: shareBar(byType.map((t) => ({ label: t.type, value: t.intendedFen }))),
      counties: allCounties,
      types: BUYER_UNIT_TYPES,
      fairOptions,
      targets: { ...targets, behind: targets.units.slice(0, TARGETS_SHOWN), more: targets.units.length > TARGETS_SHOWN },
      shownFair: fair,
      filters: { fair: fair.current ? '' : String(fair.id), county: county?.code ?? '', type: type ?? '' },
      filtered: !!(county || type),
    };
  }
}
