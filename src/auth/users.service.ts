import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
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
}
