import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { QueryFailedError, type Repository } from 'typeorm';
import { AuditService, diffFields, type AuditActor } from '../audit/audit.service';
import type { SessionUser } from '../auth/current-user';
import { PasswordHasher } from '../auth/password-hasher';
import type { User } from '../auth/user.entity';
import { UsersService } from '../auth/users.service';
import { canonicalUsername } from '../auth/username';
import { AppError } from '../common/app-error';
import { normaliseCreditCode } from '../common/credit-code';
import { likeContaining } from '../common/like';
import { violatesUniqueIndex } from '../database/unique-violation';
import type { BuyerUnitType } from './buyer-unit-types';
import { BuyerUnit } from './buyer-unit.entity';
import type { RegisterBuyerDto } from './dto/register-buyer.dto';
import { RegistrationHooks } from './registration-hooks';

export const BUYER_PAGE_SIZE = 50;

/** Unit fields recorded in the audit log at registration. */
const AUDITED_UNIT_FIELDS = ['name', 'type', 'creditCode', 'contactName', 'mobile', 'address', 'anonymous', 'disabled'];
const AUDITED_USER_FIELDS = ['username', 'role', 'displayName', 'buyerUnitId'];

export interface BuyerUnitFilter {
  /** Part of the unit's name or of its credit code. */
  q?: string;
  type?: BuyerUnitType;
  page: number;
}

export interface BuyerUnitRow {
  unit: BuyerUnit;
  userCount: number;
}

const usernameTaken = () => '该用户名已被使用，请换一个';
// Says only that the code is taken and whom to ask: never which unit holds it (a unit may
// have chosen to be anonymous), nor its contact or phone.
const CREDIT_CODE_TAKEN = '该统一社会信用代码已注册。如需账号，请联系本单位已注册的联系人，或联系展销会组织方';

/**
 * Which unique index refused an insert: 'creditCode', 'username', or null when the error is
 * something else. PostgreSQL names the index (23505); SQLite names table.column.
 */
function uniqueViolation(err: unknown): 'creditCode' | 'username' | null {
  if (!(err instanceof QueryFailedError)) return null;
  if (violatesUniqueIndex(err, { name: 'UQ_buyer_unit_credit_code', sqliteColumn: 'buyer_unit.creditCode' })) return 'creditCode';
  if (violatesUniqueIndex(err, { name: 'UQ_user_username', sqliteColumn: 'user.username' })) return 'username';
  return null;
}

/** 采购单位: self-registration with the unit's first account, the organiser's list, disabling. */
@Injectable()
export class BuyerUnitsService {
  constructor(
    @InjectRepository(BuyerUnit) private readonly repo: Repository<BuyerUnit>,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly hasher: PasswordHasher,
    private readonly hooks: RegistrationHooks,
  ) {}

  /**
   * Creates the unit and its buyer account together, or neither. The checks before the
   * insert give friendly messages; when two registrations race past them, the unique
   * indexes decide and the loser gets the same message (never a 500). `client` is the
   * address whose turn in the password-hashing queue this is (see PasswordHasher).
   */
  async register(dto: RegisterBuyerDto, client: string): Promise<{ unit: BuyerUnit; user: User }> {
    const username = canonicalUsername(dto.username);
    // Hashing takes a tenth of a second: do it before holding a transaction open.
    const passwordHash = await this.hasher.hash(client, dto.password);
    try {
      return await this.repo.manager.transaction(async (m) => {
        const units = m.getRepository(BuyerUnit);
        const codeInUse = await units.exists({ where: { creditCode: dto.creditCode } });
        const usernameInUse = await this.users.usernameInUse(username, m);
        const fieldErrors: Record<string, string[]> = {};
        if (codeInUse) fieldErrors.creditCode = [CREDIT_CODE_TAKEN];
        if (usernameInUse) fieldErrors.username = [usernameTaken()];
        if (Object.keys(fieldErrors).length > 0) throw AppError.validation(fieldErrors);

        const unit = await units.save(
          units.create({
            name: dto.name,
            type: dto.type,
            creditCode: dto.creditCode,
            contactName: dto.contactName,
            mobile: dto.mobile,
            address: dto.address,
            anonymous: dto.anonymous === true,
          }),
        );
        // The new account is signed in straight away.
        const user = await this.users.createBuyerAccount(m, { username, passwordHash, displayName: dto.contactName, buyerUnitId: unit.id });
        const actor: AuditActor = { id: user.id, username: user.username };
        const unitValues = { ...unit } as unknown as Record<string, unknown>;
        const userValues = { ...user } as unknown as Record<string, unknown>;
        await this.audit.record(
          actor,
          'buyer.register',
          { type: 'buyer_unit', id: unit.id },
          diffFields(null, unitValues, AUDITED_UNIT_FIELDS),
          m,
        );
        await this.audit.record(
          actor,
          'buyer.register',
          { type: 'user', id: user.id },
          diffFields(null, userValues, AUDITED_USER_FIELDS),
          m,
        );
        await this.hooks.run(unit, m);
        return { unit, user };
      });
    } catch (err) {
      const field = uniqueViolation(err);
      if (field === 'creditCode') throw AppError.validation({ creditCode: [CREDIT_CODE_TAKEN] });
      if (field === 'username') throw AppError.validation({ username: [usernameTaken()] });
      throw err;
    }
  }

  /** The organiser's list, newest first, with how many accounts each unit has. */
  async list(filter: BuyerUnitFilter): Promise<{ rows: BuyerUnitRow[]; total: number }> {
    const qb = this.repo.createQueryBuilder('b');
    const q = filter.q?.trim();
    if (q) {
      const code = normaliseCreditCode(q);
      qb.andWhere(`(b.name LIKE :name ESCAPE '\\' OR b.creditCode LIKE :code ESCAPE '\\')`, {
        name: likeContaining(q),
        code: likeContaining(code || q),
      });
    }
    if (filter.type) qb.andWhere('b.type = :type', { type: filter.type });
    const [units, total] = await qb
      .orderBy('b.createdAt', 'DESC')
      .addOrderBy('b.id', 'DESC')
      .skip((filter.page - 1) * BUYER_PAGE_SIZE)
      .take(BUYER_PAGE_SIZE)
      .getManyAndCount();

    const counts = await this.users.countPerBuyerUnit(units.map((u) => u.id));
    return { rows: units.map((unit) => ({ unit, userCount: counts.get(unit.id) ?? 0 })), total };
  }

  /**
   * Disables or re-enables a unit. Its users cannot log in while it is disabled, and a
   * signed-in session of the unit ends on its next request (see UsersService.findSessionUser).
   */
  async setDisabled(actor: SessionUser, id: number, disabled: boolean): Promise<BuyerUnit> {
    return this.repo.manager.transaction(async (m) => {
      const units = m.getRepository(BuyerUnit);
      const unit = await units.findOneBy({ id });
      if (!unit) throw AppError.notFound('采购单位');
      if (unit.disabled === disabled) return unit;
      await units.update({ id }, { disabled });
      await this.audit.record(
        actor,
        disabled ? 'buyer.disable' : 'buyer.enable',
        { type: 'buyer_unit', id },
        diffFields({ disabled: unit.disabled }, { disabled }, ['disabled']),
        m,
      );
      unit.disabled = disabled;
      return unit;
    });
  }
}
