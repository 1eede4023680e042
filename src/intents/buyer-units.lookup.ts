import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { BuyerUnit } from '../buyers/buyer-unit.entity';

/** Read-only look-up of a buyer unit (to pre-fill the submission's contact). */
@Injectable()
export class BuyerUnitsLookup {
  constructor(@InjectRepository(BuyerUnit) private readonly units: Repository<BuyerUnit>) {}

  findById(id: number): Promise<BuyerUnit | null> {
    return this.units.findOneBy({ id });
  }
}
