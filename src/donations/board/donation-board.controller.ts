import { Controller, Get, Query, Render } from '@nestjs/common';
import { Roles } from '../../auth/roles.decorator';
import { FairsService } from '../../fairs/fairs.service';
import { DonationBoardService } from './donation-board.service';

/** 认领认捐 for the organiser: the city-wide board of a fair's campaign (?fair=ID, else the current fair). */
@Controller('admin/donations')
@Roles('organiser')
export class DonationBoardController {
  constructor(
    private readonly board: DonationBoardService,
    private readonly fairs: FairsService,
  ) {}

  @Get()
  @Render('donations/board/index')
  async index(@Query('fair') fairParam?: unknown) {
    const fair = await this.fairs.fromQuery(fairParam);
    const [board, fairOptions] = await Promise.all([this.board.board(fair.id), this.fairs.selector(fair)]);
    return {
      title: '认领认捐',
      ...board,
      fairOptions,
      shownFair: fair,
      shownFairParam: fair.current ? null : fair.id,
    };
  }
}
