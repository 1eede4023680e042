import { Body, Controller, Get, Post, Redirect, Render, Req } from '@nestjs/common';
import type { Request } from 'express';
import { CurrentUser, type SessionUser } from '../../auth/current-user';
import { Roles } from '../../auth/roles.decorator';
import { flash } from '../../common/flash';
import { FormView, type FormLocalsProvider } from '../../common/form-view';
import { parseRecordId } from '../../common/id-param';
import { FAIR_STATUS_LABELS } from '../../fairs/fair-status';
import { UpdateListingDto } from '../dto/update-listing.dto';
import { CountyListingService } from './county-listing.service';

/** A county operator chooses which of its published products take part in the current fair (参展产品). */
@Controller('county/listing')
@Roles('county')
export class CountyListingController implements FormLocalsProvider {
  constructor(private readonly listing: CountyListingService) {}

  /** The page; after a refused save, the boxes stay as the operator had checked them. */
  async formLocals(req: Request) {
    const user = req.currentUser!;
    const page = await this.listing.page(user.countyId!);
    const body = req.body as Record<string, unknown> | undefined;
    const submitted = req.method === 'POST' ? new Set([body?.productIds ?? []].flat().map(parseRecordId)) : null;
    return {
      title: `${user.countyName}参展产品`,
      ...page,
      statusLabel: FAIR_STATUS_LABELS[page.fair.status],
      listedCount: page.rows.filter((r) => r.listed).length,
      rows: page.rows.map((r) => ({ ...r, checked: submitted ? submitted.has(r.id) || r.intents > 0 : r.listed })),
    };
  }

  @Get()
  @Render('products/listing')
  index(@Req() req: Request) {
    return this.formLocals(req);
  }

  @Post()
  @FormView('products/listing', CountyListingController)
  @Redirect('/county/listing', 303)
  async save(@CurrentUser() user: SessionUser, @Body() dto: UpdateListingDto, @Req() req: Request) {
    const { added, removed } = await this.listing.save(user, user.countyId!, dto.productIds ?? []);
    const parts = [added.length ? `新增 ${added.length} 项` : '', removed.length ? `取消 ${removed.length} 项` : ''].filter(Boolean);
    flash(req, 'success', parts.length ? `参展产品已保存：${parts.join('，')}。` : '参展产品没有变化。');
  }

  @Post('carry-over')
  @Redirect('/county/listing', 303)
  async carryOver(@CurrentUser() user: SessionUser, @Req() req: Request) {
    const count = await this.listing.carryOver(user, user.countyId!);
    flash(req, 'success', count ? `已沿用上届参展产品 ${count} 项。` : '上届参展产品已全部在本届参展，无需沿用。');
  }
}
