import { Controller, Get, Query, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CurrentUser, type SessionUser } from '../../auth/current-user';
import { Roles } from '../../auth/roles.decorator';
import { ReceiptPages } from './receipt-pages';
import { ReceiptRoutes } from './receipt-routes';
import { ReceiptsService } from './receipts.service';

/**
 * 捐赠到账 of the city office, for the organiser: undirected money to the city's fund, at
 * /admin/donations/receipts (the office page and the receipts share the path).
 */
@ApiExcludeController()
@Controller('admin/donations')
@Roles('organiser')
export class CityReceiptsController extends ReceiptRoutes {
  constructor(pages: ReceiptPages, receipts: ReceiptsService) {
    super(pages, receipts);
  }

  @Get('receipts')
  @Render('donations/receipts/index')
  index(@CurrentUser() user: SessionUser, @Query('page') page?: unknown) {
    return this.pages.index(user, page);
  }
}
