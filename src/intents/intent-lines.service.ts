import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type EntityManager, type Repository } from 'typeorm';
import { IntentLine } from './intent-line.entity';
import { COUNTED_STATUSES } from './intent-status';

/** Intent lines as other features need to know of them. */
@Injectable()
export class IntentLinesService {
  constructor(@InjectRepository(IntentLine) private readonly lines: Repository<IntentLine>) {}

  /** How many lines of any intent, in any status, name the product (it cannot be deleted while any does). */
  countForProduct(productId: number, manager?: EntityManager): Promise<number> {
    return (manager ? manager.getRepository(IntentLine) : this.lines).countBy({ productId });
  }

  /**
   * Per product, how many of the fair's intents that count as demand (not withdrawn or
   * cancelled) name it; products without any are absent.
   */
  async countedIntentsPerProduct(fairId: number, productIds: number[], manager?: EntityManager): Promise<Map<number, number>> {
    if (productIds.length === 0) return new Map();
    const rows = await (manager ? manager.getRepository(IntentLine) : this.lines)
      .createQueryBuilder('l')
      .innerJoin('l.intent', 'i')
      .select('l.productId', 'productId')
      .addSelect('COUNT(DISTINCT i.id)', 'intents')
      .where('i.fairId = :fairId AND i.status IN (:...statuses) AND l.productId IN (:...productIds)', {
        fairId,
        statuses: COUNTED_STATUSES,
        productIds,
      })
      .groupBy('l.productId')
      .getRawMany<{ productId: number; intents: string | number }>();
    return new Map(rows.map((r) => [Number(r.productId), Number(r.intents)]));
  }

  /** The product of each of these lines, by line id (for the audit log's signed and delivered quantities). */
  async productIdsByLineIds(ids: number[]): Promise<Map<number, number>> {
    if (ids.length === 0) return new Map();
    const rows = await this.lines.find({ select: { id: true, productId: true }, where: { id: In(ids) } });
    return new Map(rows.map((l) => [l.id, l.productId]));
  }
}
