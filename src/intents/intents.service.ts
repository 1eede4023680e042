import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { SessionUser } from '../auth/current-user';
import { AppError } from '../common/app-error';
import { Intent } from './intent.entity';

/** An intent with its lines' totals, as lists show it. */
export interface IntentSummary {
  intent: Intent;
  lineCount: number;
  totalFen: number;
}

function summarise(intent: Intent): IntentSummary {
  const lines = intent.lines ?? [];
  return {
    intent,
    lineCount: lines.length,
    totalFen: lines.reduce((sum, l) => sum + l.quantity * l.unitPriceFen, 0),
  };
}

@Injectable()
export class IntentsService {
  constructor(@InjectRepository(Intent) private readonly intents: Repository<Intent>) {}

  /** One buyer unit's intents, newest first, with their lines (two queries, no N+1). */
  async listForBuyerUnit(buyerUnitId: number): Promise<IntentSummary[]> {
    const intents = await this.intents.find({
      where: { buyerUnitId },
      relations: { lines: true },
      order: { submittedAt: 'DESC', id: 'DESC' },
    });
    return intents.map(summarise);
  }

  /** Every intent for the organiser, newest first. */
  async listAll(): Promise<IntentSummary[]> {
    const intents = await this.intents.find({
      relations: { lines: true, buyerUnit: true },
      order: { submittedAt: 'DESC', id: 'DESC' },
    });
    return intents.map(summarise);
  }

  /**
   * An intent the user may see: the organiser any, a buyer only its own unit's (another
   * unit's intent is 403). County operators see demand through their products instead.
   */
  async findVisibleOrThrow(user: SessionUser, id: number): Promise<IntentSummary> {
    const intent = await this.intents.findOne({
      where: { id },
      relations: { lines: { product: { county: true } }, buyerUnit: true },
      order: { lines: { id: 'ASC' } },
    });
    if (!intent) throw AppError.notFound('采购意向');
    if (user.role === 'organiser') return summarise(intent);
    if (user.role === 'buyer' && intent.buyerUnitId === user.buyerUnitId) return summarise(intent);
    throw AppError.forbidden('这不是本单位的采购意向，您无权查看或修改');
  }
}
