import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import { AppError } from '../common/app-error';
import { BuyerUnit } from './buyer-unit.entity';

/**
 * Buyer units as other features read them: the submission form, the exports, the dashboard.
 * Apart from BuyerUnitsService because its registration needs AuthModule's password hasher,
 * and AuthModule needs IntentsModule, which needs these reads: one module holding both would
 * close a cycle.
 */
@Injectable()
export class BuyerUnitLookupsService {
  constructor(@InjectRepository(BuyerUnit) private readonly units: Repository<BuyerUnit>) {}

  findById(id: number): Promise<BuyerUnit | null> {
    return this.units.findOneBy({ id });
  }

  async findByIdOrThrow(id: number): Promise<BuyerUnit> {
    const unit = await this.findById(id);
    if (!unit) throw AppError.notFound('采购单位');
    return unit;
  }

  /** The units with these ids, in no particular order (ids without a unit are left out). */
  findByIds(ids: number[]): Promise<BuyerUnit[]> {
    return ids.length ? this.units.findBy({ id: In(ids) }) : Promise.resolve([]);
  }

  /** The units with these (normalised) credit codes. */
  findByCreditCodes(codes: string[]): Promise<BuyerUnit[]> {
    return codes.length ? this.units.findBy({ creditCode: In(codes) }) : Promise.resolve([]);
  }

  /** Registered units that are not disabled (taking part or not yet). */
  countEnabled(): Promise<number> {
    return this.units.countBy({ disabled: false });
  }
}
