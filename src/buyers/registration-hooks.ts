import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { BuyerUnit } from './buyer-unit.entity';

/** Work a feature does when a buyer unit registers, inside the registration's transaction. */
export type RegistrationHook = (unit: BuyerUnit, manager: EntityManager) => Promise<void>;

/**
 * Features register here (in onModuleInit) what must happen when a unit registers — targets
 * waiting for its credit code attach to it — so that buyers depends on none of them.
 */
@Injectable()
export class RegistrationHooks {
  private readonly hooks: RegistrationHook[] = [];

  register(hook: RegistrationHook): void {
    this.hooks.push(hook);
  }

  /** Runs every hook in the caller's transaction: the unit is kept only if they all succeed. */
  async run(unit: BuyerUnit, manager: EntityManager): Promise<void> {
    for (const hook of this.hooks) await hook(unit, manager);
  }
}
