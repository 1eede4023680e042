import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { IntentLine } from './intent-line.entity';

/** Intent lines as other features need to know of them. */
@Injectable()
export class IntentLinesService {
  constructor(@InjectRepository(IntentLine) private readonly lines: Repository<IntentLine>) {}

  /** How many lines of any intent, in any status, name the product (it cannot be deleted while any does). */
  countForProduct(productId: number, manager?: EntityManager): Promise<number> {
    return (manager ? manager.getRepository(IntentLine) : this.lines).countBy({ productId });
  }
}
