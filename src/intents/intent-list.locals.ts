import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { BuyerUnitLookupsService } from '../buyers/buyer-unit-lookups.service';
import { AppError } from '../common/app-error';
import { formatDateTimeCn } from '../common/dates';
import type { FormLocalsProvider } from '../common/form-view';
import { FairsService } from '../fairs/fairs.service';
import { IntentListService, type ListOwner } from './intent-list.service';
import { INTENT_TEXT_LIMITS } from './intent-limits';

/** The list's owner: the signed-in buyer's unit, the visitor's session, or null (no list yet). */
export function listOwner(req: Request): ListOwner | null {
  const user = req.currentUser;
  if (user) {
    if (user.role !== 'buyer') throw AppError.forbidden('只有采购单位可以登记采购意向');
    return { buyerUnitId: user.buyerUnitId! };
  }
  return req.session.visitorList ? { visitorSessionId: req.sessionID } : null;
}

/**
 * The owner for an addition. A visitor's first one writes the session row first: the list
 * rows refer to it (and are deleted with it).
 */
export async function listOwnerForWrite(req: Request): Promise<ListOwner> {
  const owner = listOwner(req);
  if (owner) return owner;
  req.session.startedAt ??= Date.now();
  req.session.visitorList = true;
  await new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
  return { visitorSessionId: req.sessionID };
}

/** Page locals of the list, also used to show it again with messages beside bad quantities. */
@Injectable()
export class IntentListLocals implements FormLocalsProvider {
  constructor(
    private readonly list: IntentListService,
    private readonly fairs: FairsService,
  ) {}

  async formLocals(req: Request) {
    const owner = listOwner(req);
    const { lines, totalFen } = owner ? await this.list.lines(owner) : { lines: [], totalFen: 0 };
    const fair = await this.fairs.current();
    return {
      title: '意向清单',
      lines,
      totalFen,
      deadline: fair.intentDeadline ? formatDateTimeCn(fair.intentDeadline) : null,
      closed: !this.fairs.intentsOpen(fair),
      closedReason: this.fairs.intentsClosedReason(fair),
      signedInBuyer: req.currentUser?.role === 'buyer',
    };
  }
}

/**
 * Page locals of the submit form (提交采购意向): the list with the buyer unit it is submitted
 * for. The form's GET and its re-render after a validation error both use this, so the
 * re-rendered page is the same page (the list's own locals lack the unit and the title).
 */
@Injectable()
export class IntentSubmitLocals implements FormLocalsProvider {
  constructor(
    private readonly listLocals: IntentListLocals,
    private readonly units: BuyerUnitLookupsService,
  ) {}

  async formLocals(req: Request) {
    const user = req.currentUser;
    if (!user) throw new AppError('UNAUTHENTICATED', '请先登录');
    const locals = await this.listLocals.formLocals(req);
    const unit = await this.units.findById(user.buyerUnitId!);
    return { ...locals, title: '提交采购意向', unit, limits: INTENT_TEXT_LIMITS };
  }
}
