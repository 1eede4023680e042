import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type EntityManager, type Repository } from 'typeorm';
import type { SessionUser } from './current-user';
import { hashPassword } from './password';
import { PasswordHasher } from './password-hasher';
import { User } from './user.entity';
import { canonicalUsername } from './username';

/** A hash to compare against when the username is unknown, so both paths take as long. */
const DUMMY_HASH_PROMISE = hashPassword('not-a-real-password');

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly hasher: PasswordHasher,
  ) {}

  /** The user for a session, or null when the account is gone or disabled. */
  async findSessionUser(id: number): Promise<SessionUser | null> {
    const user = await this.users.findOne({ where: { id }, relations: { county: true, buyerUnit: true } });
    if (!user || user.disabled || user.buyerUnit?.disabled) return null;
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      countyId: user.countyId,
      countyName: user.county?.name ?? null,
      buyerUnitId: user.buyerUnitId,
      buyerUnitName: user.buyerUnit?.name ?? null,
    };
  }

  /** Whether an account has this username (stored canonical, so "Wang" finds "wang"). */
  async usernameInUse(username: string, manager: EntityManager = this.users.manager): Promise<boolean> {
    return manager.getRepository(User).exists({ where: { username: canonicalUsername(username) } });
  }

  /**
   * Creates a buyer unit's account, within the caller's transaction (registration creates the
   * unit and its first account together). The new account counts as signed in now.
   */
  async createBuyerAccount(
    manager: EntityManager,
    fields: { username: string; passwordHash: string; displayName: string; buyerUnitId: number },
  ): Promise<User> {
    const users = manager.getRepository(User);
    return users.save(users.create({ ...fields, username: canonicalUsername(fields.username), role: 'buyer', lastLoginAt: new Date() }));
  }

  /** How many accounts each of these buyer units has (units without any are left out). */
  async countPerBuyerUnit(unitIds: number[]): Promise<Map<number, number>> {
    const counts = new Map<number, number>();
    if (unitIds.length === 0) return counts;
    const raw = await this.users
      .createQueryBuilder('u')
      .select('u.buyerUnitId', 'unitId')
      .addSelect('COUNT(*)', 'n')
      .where('u.buyerUnitId IN (:...ids)', { ids: unitIds })
      .groupBy('u.buyerUnitId')
      .getRawMany<{ unitId: number | string; n: number | string }>();
    for (const r of raw) counts.set(Number(r.unitId), Number(r.n));
    return counts;
  }

  /**
   * Checks a username and password. Returns the user, or a reason the log-in page can show
   * without telling an attacker which of the two was wrong. `client` is the address whose
   * turn in the password-hashing queue this is (see PasswordHasher); an unknown username is
   * hashed too, through the same queue, so neither the answer nor its time tells whether the
   * account exists.
   */
  async authenticate(client: string, username: string, password: string): Promise<{ user: User } | { reason: 'invalid' | 'disabled' }> {
    const user = await this.users.findOne({ where: { username: canonicalUsername(username) }, relations: { buyerUnit: true } });
    const ok = await this.hasher.verify(client, password, user?.passwordHash ?? (await DUMMY_HASH_PROMISE));
    if (!user || !ok) return { reason: 'invalid' };
    if (user.disabled || user.buyerUnit?.disabled) return { reason: 'disabled' };
    await this.users.update({ id: user.id }, { lastLoginAt: new Date() });
    return { user };
  }

  /** Usernames by account id (for the audit log; ids without an account are absent). */
  async usernamesByIds(ids: number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.users.find({ select: { id: true, username: true }, where: { id: In(ids) } });
    return new Map(rows.map((u) => [u.id, u.username]));
  }
}
