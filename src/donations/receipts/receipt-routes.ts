import { Body, Get, Post, Query, Redirect, Render, Req } from '@nestjs/common';
import type { Request } from 'express';
import { CurrentUser, type SessionUser } from '../../auth/current-user';
import { confirmFirst } from '../../common/confirmation';
import { isoDateCst } from '../../common/dates';
import { flash } from '../../common/flash';
import { FormView } from '../../common/form-view';
import { IdParam } from '../../common/id-param';
import { formatFen } from '../../common/money';
import { RecordReceiptDto, receiptInputFrom } from './dto/record-receipt.dto';
import { VoidReceiptDto } from './dto/void-receipt.dto';
import { ReceiptFormLocals, ReceiptPages, ReceiptShowLocals } from './receipt-pages';
import { ReceiptsService } from './receipts.service';

/**
 * The receipt routes both offices share, under `receipts/`: record (against a pledge or
 * without), show, void (with a reason, confirmed on a page) and print. The county's and the
 * organiser's controllers extend this class: they differ only in their path, their role and
 * their office page, and the office itself follows from who is signed in (ReceiptsService.officeFor).
 */
export abstract class ReceiptRoutes {
  constructor(
    protected readonly pages: ReceiptPages,
    protected readonly receipts: ReceiptsService,
  ) {}

  /** ?pledge=ID records money against that pledge; without it, money that came without a pledge. */
  @Get('receipts/new')
  @Render('donations/receipts/form')
  async newReceipt(@CurrentUser() user: SessionUser, @Query('pledge') pledge?: unknown) {
    const locals = await this.pages.form(user, pledge, { refuseIfArchived: true });
    return { ...locals, values: { receivedOn: isoDateCst(), pledgeId: locals.pledge?.id ?? '', target: '' } };
  }

  @Post('receipts')
  @FormView('donations/receipts/form', ReceiptFormLocals)
  @Redirect('/', 303)
  async record(@CurrentUser() user: SessionUser, @Body() dto: RecordReceiptDto, @Req() req: Request) {
    const office = await this.receipts.officeFor(user);
    const { receipt, overpaidFen } = await this.receipts.record(user, office, receiptInputFrom(dto));
    const over = overpaidFen > 0 ? `；该认捐累计到账已超出认捐金额 ${formatFen(overpaidFen)}` : '';
    flash(req, 'success', `已登记到账 ${formatFen(receipt.amountFen)}，捐赠票据号 ${receipt.receiptNo}${over}`);
    return { url: `${office.receiptsPath}/${receipt.id}` };
  }

  @Get('receipts/:id')
  @Render('donations/receipts/show')
  showReceipt(@CurrentUser() user: SessionUser, @IdParam() id: number) {
    return this.pages.show(user, id);
  }

  @Get('receipts/:id/print')
  @Render('donations/receipts/print')
  printReceipt(@CurrentUser() user: SessionUser, @IdParam() id: number) {
    return this.pages.print(user, id);
  }

  @Post('receipts/:id/void')
  @FormView('donations/receipts/show', ReceiptShowLocals)
  @Redirect('/', 303)
  async voidReceipt(@CurrentUser() user: SessionUser, @IdParam() id: number, @Body() dto: VoidReceiptDto, @Req() req: Request) {
    const office = await this.receipts.officeFor(user);
    await confirmFirst(req, async () => {
      const receipt = await this.receipts.byIdForOffice(office, id);
      return {
        title: `作废捐赠票据 ${receipt.receiptNo}？`,
        consequences: [
          `作废后，这笔 ${formatFen(receipt.amountFen)} 的到账不再计入任何已到账金额（项目进度、捐赠公示、汇总表）。`,
          `票据号 ${receipt.receiptNo} 保留，不会再分配给其他票据；票据上将标明“已作废”和原因：${dto.reason}`,
          '作废不能撤销；如款项确已到账，请重新登记到账，开具新票据。',
        ],
        confirmLabel: '确认作废',
        back: `${office.receiptsPath}/${id}`,
      };
    });
    const receipt = await this.receipts.void(user, office, id, dto.reason);
    flash(req, 'success', `捐赠票据 ${receipt.receiptNo} 已作废`);
    return { url: `${office.receiptsPath}/${id}` };
  }
}
