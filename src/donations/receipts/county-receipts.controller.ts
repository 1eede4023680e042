import { Controller, Get, Query, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CurrentUser, type SessionUser } from '../../auth/current-user';
import { Roles } from '../../auth/roles.decorator';
import { ReceiptPages } from './receipt-pages';
import { ReceiptRoutes } from './receipt-routes';
import { ReceiptsService } from './receipts.service';

/** 捐赠到账 of a county's office: /county/donations, its receipts under /county/donations/receipts. */
@ApiExcludeController()
@Controller('county/donations')
@Roles('county')
export class CountyReceiptsController extends ReceiptRoutes {
  constructor(pages: ReceiptPages, receipts: ReceiptsService) {
    super(pages, receipts);
  }

  @Get()
  @Render('donations/receipts/index')
  index(@CurrentUser() user: SessionUser, @Query('page') page?: unknown) {
    return this.pages.index(user, page);
  }
}
