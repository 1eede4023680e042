import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { AuditService, diffFields } from '../../audit/audit.service';
import type { SessionUser } from '../../auth/current-user';
import { AppError } from '../../common/app-error';
import { CountiesService } from '../../counties/counties.service';
import { DonationAccount } from '../donation-account.entity';
import { CITY_OFFICE } from '../donation-office';

/** The city's poverty-alleviation office: it receives the city fund's money (the organiser acts for it). */
export const CITY_OFFICE_NAME = '市扶贫开发局';

/** A receiving office (出票单位) as pages name it, with its account if configured. */
export interface OfficeAccount {
  office: string;
  officeName: string;
  account: DonationAccount | null;
}

export type AccountValues = Pick<DonationAccount, 'accountName' | 'bankName' | 'accountNo' | 'note'>;

const AUDITED: (keyof DonationAccount)[] = ['accountName', 'bankName', 'accountNo', 'note'];

/**
 * 捐赠账户: where each office (the city's, each county's) receives donations. The organiser
 * sets them; a pledge page tells the donor to pay into its receiving office's account.
 */
@Injectable()
export class DonationAccountsService {
  constructor(
    @InjectRepository(DonationAccount) private readonly accounts: Repository<DonationAccount>,
    private readonly counties: CountiesService,
    private readonly audit: AuditService,
  ) {}

  /** Every office, the city first, then the counties by code, each with its account or null. */
  async all(): Promise<OfficeAccount[]> {
    const [counties, accounts] = await Promise.all([this.counties.findAll(), this.accounts.find()]);
    const byOffice = new Map(accounts.map((a) => [a.office, a]));
    return [
      { office: CITY_OFFICE, officeName: CITY_OFFICE_NAME, account: byOffice.get(CITY_OFFICE) ?? null },
      ...counties.map((c) => ({ office: c.code, officeName: `${c.name}扶贫开发局`, account: byOffice.get(c.code) ?? null })),
    ];
  }

  /** One office (by its key, as in a URL); an unknown key names no office (404). */
  async office(office: string): Promise<OfficeAccount> {
    const found = typeof office === 'string' ? (await this.all()).find((o) => o.office === office) : undefined;
    if (!found) throw AppError.notFound('该收款单位');
    return found;
  }

  /** The account donors pay into for this office, or null when the organiser has set none yet. */
  forOffice(office: string): Promise<DonationAccount | null> {
    return this.accounts.findOneBy({ office });
  }

  /** Sets (or replaces) an office's account, with its audit entry in the same transaction. */
  async save(user: SessionUser, office: string, values: AccountValues): Promise<OfficeAccount> {
    const target = await this.office(office);
    await this.accounts.manager.transaction(async (m) => {
      const repo = m.getRepository(DonationAccount);
      const existing = await repo.findOneBy({ office });
      const before = existing ? pick(existing) : null;
      const saved = await repo.save(existing ? repo.merge(existing, values) : repo.create({ office, ...values }));
      await this.audit.record(
        user,
        'donation-account.update',
        { type: 'donation_account', id: saved.id },
        { ...(existing ? {} : { office: { before: null, after: office } }), ...diffFields(before, { ...values }, AUDITED) },
        m,
      );
    });
    return target;
  }
}

function pick(a: DonationAccount): AccountValues {
  return { accountName: a.accountName, bankName: a.bankName, accountNo: a.accountNo, note: a.note };
}
