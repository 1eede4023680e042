import { Injectable } from '@nestjs/common';
import type { SessionUser } from '../auth/current-user';
import { LETTER_CLAUSES, LETTER_TITLE } from '../exports/letters.writer';
import { FairsService } from '../fairs/fairs.service';
import { COUNTED_STATUSES, INTENT_STATUS_LABELS } from './intent-status';
import { IntentQueriesService } from './intent-queries.service';

/**
 * One intent's 购销意向书 as a print-ready page (A4, public/css/letter.css): the same parts
 * and clauses as the Excel letter, one signature band per pair of parties, each band kept on
 * one page with room for a 42 mm seal. Authorised as the intent page is.
 */
@Injectable()
export class IntentLetterLocals {
  constructor(
    private readonly intents: IntentQueriesService,
    private readonly fairs: FairsService,
  ) {}

  async letter(user: SessionUser, id: number) {
    const { intent, totalFen } = await this.intents.findVisibleOrThrow(user, id);
    const fair = await this.fairs.byId(intent.fairId);
    const lines = (intent.lines ?? []).map((l, i) => ({
      no: i + 1,
      county: l.product!.county!.name,
      supplier: l.product!.supplierName,
      product: l.product!.name,
      spec: l.product!.spec,
      unit: l.product!.unit,
      unitPriceFen: l.unitPriceFen,
      quantity: l.quantity,
      amountFen: l.quantity * l.unitPriceFen,
    }));
    // 乙方: each county's supplier once, in the order the lines name them.
    const suppliers = [...new Map(lines.map((l) => [`${l.county}\u0000${l.supplier}`, `${l.county} ${l.supplier}`])).values()];
    const parties = [`甲方（盖章）：${intent.buyerUnit!.name}`, ...suppliers.map((s) => `乙方（盖章）：${s}`)];
    const bands: string[][] = [];
    for (let i = 0; i < parties.length; i += 2) bands.push(parties.slice(i, i + 2));
    const admin = user.role === 'organiser';
    return {
      layout: 'print-layout',
      stylesheet: '/static/css/letter.css',
      title: `${LETTER_TITLE} ${intent.referenceNo}`,
      letterTitle: LETTER_TITLE,
      intent,
      unit: intent.buyerUnit!,
      fair,
      lines,
      totalFen,
      bands,
      clauses: LETTER_CLAUSES,
      // A withdrawn or cancelled intent's letter can still be read, never mistaken for a live one.
      notCounted: !COUNTED_STATUSES.includes(intent.status),
      statusLabel: INTENT_STATUS_LABELS[intent.status],
      back: admin ? `/admin/intents/${id}` : `/my/intents/${id}`,
    };
  }
}
