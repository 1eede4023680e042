import { Injectable, OnModuleInit } from '@nestjs/common';
import { LoginHooks } from '../auth/login-hooks';
import { IntentListService } from './intent-list.service';

/** At a buyer's log-in, the list gathered as a visitor moves to the buyer's unit. */
@Injectable()
export class VisitorListLoginHook implements OnModuleInit {
  constructor(
    private readonly hooks: LoginHooks,
    private readonly intentList: IntentListService,
  ) {}

  onModuleInit(): void {
    this.hooks.register(async ({ user, visitorSessionId, hadVisitorList }) => {
      if (!hadVisitorList || user.role !== 'buyer' || !user.buyerUnitId) return undefined;
      const moved = await this.intentList.moveVisitorListToUnit(visitorSessionId, user.buyerUnitId);
      return moved > 0 ? `登录前加入意向清单的 ${moved} 种产品已保留在本单位的意向清单中。` : undefined;
    });
  }
}
