/**
 * The 认领认捐 demo: donation accounts per office, projects in real townships of each county,
 * pledges, received donations with their 捐赠票据, and a disbursement, from
 * seed/data/donations.json. Dates are days before the seeding (so the board shows overdue
 * pledges and one project past its deadline, and the public pages show projects still open);
 * they are set once, when a record is inserted.
 *
 * Numbers come from the shared reference counter, exactly as the app issues them: pledges
 * RJ-YYYYMMDD-NNNN (counter RJ-YYYYMMDD), receipts JZ-{office or SZ}-YYYY-NNNNN (counter
 * JZ-{office or SZ}-YYYY), so the office's next real receipt continues the sequence without
 * a gap or a duplicate. Every record is looked up by a natural key first: seeding twice
 * changes nothing.
 */
import { randomBytes } from 'node:crypto';
import { IsNull, type EntityManager } from 'typeorm';
import type { BuyerUnit } from '../buyers/buyer-unit.entity';
import { isoDateCst } from '../common/dates';
import type { County } from '../counties/county.entity';
import { Disbursement } from '../donations/disbursement.entity';
import { DonationAccount } from '../donations/donation-account.entity';
import { officeKey } from '../donations/donation-office';
import { DonationProject, type ClaimMode } from '../donations/donation-project.entity';
import { DonationReceipt } from '../donations/donation-receipt.entity';
import type { DonorKind } from '../donations/donor-kinds';
import { PLEDGE_NO_LETTERS } from '../donations/pledges/pledge-rules';
import { Pledge } from '../donations/pledge.entity';
import type { ProjectKind } from '../donations/project-kinds';
import { PUBLIC_PROJECT_STATUSES, type ProjectStatus } from '../donations/project-status';
import { nextReceiptNo } from '../donations/receipts/receipt-number';
import type { Fair } from '../fairs/fair.entity';
import { nextDailyReferenceNo } from '../intents/reference-number';

export interface SeedDonationAccount {
  office: string;
  accountName: string;
  bankName: string;
  accountNo: string;
  note: string | null;
}
export interface SeedDonationProject {
  key: string;
  county: string;
  township: string;
  village: string | null;
  title: string;
  kind: ProjectKind;
  description: string;
  soughtFen: number | null;
  goodsSought: string | null;
  beneficiaryHouseholds: number | null;
  beneficiaryPeople: number | null;
  /** Days after the seeding; negative: already past. */
  deadlineInDays: number;
  claimMode: ClaimMode;
  acceptsUndirected: boolean;
  status: ProjectStatus;
}
export interface SeedPledge {
  key: string;
  /** A project's key, or null for a fund: the county's (county set) or the city's (county null). */
  project: string | null;
  county: string | null;
  claim: boolean;
  donorKind: DonorKind;
  buyerUnit: string | null;
  donorName: string;
  donorPhone: string | null;
  message: string | null;
  anonymous: boolean;
  amountFen: number;
  daysAgo: number;
}
export interface SeedReceipt {
  key: string;
  pledge: string | null;
  project: string | null;
  county: string | null;
  donorKind: DonorKind;
  donorName: string;
  anonymous: boolean;
  amountFen: number;
  daysAgo: number;
  bankReference: string;
  voidReason: string | null;
}
export interface SeedDisbursement {
  project: string;
  amountFen: number;
  daysAgo: number;
  payee: string;
  purpose: string;
}
export interface DemoDonations {
  accounts: SeedDonationAccount[];
  projects: SeedDonationProject[];
  pledges: SeedPledge[];
  receipts: SeedReceipt[];
  disbursements: SeedDisbursement[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
export class DemoDonationsSeeder {
  private readonly projects = new Map<string, DonationProject>();
  private readonly pledges = new Map<string, Pledge>();

  constructor(
    private readonly m: EntityManager,
    private readonly fair: Fair,
    private readonly counties: Map<string, County>,
    private readonly units: Map<string, BuyerUnit>,
    private readonly now = new Date(),
  ) {}

  async seed(data: DemoDonations): Promise<void> {
    await this.seedAccounts(data.accounts);
    for (const p of data.projects) await this.seedProject(p);
    // Oldest first, so that numbers run in the order the records were made.
    for (const p of [...data.pledges].sort((a, b) => b.daysAgo - a.daysAgo)) await this.seedPledge(p);
    for (const r of [...data.receipts].sort((a, b) => b.daysAgo - a.daysAgo)) await this.seedReceipt(r);
    for (const d of data.disbursements) await this.seedDisbursement(d);
  }

  private daysAgo(days: number): Date {
    return new Date(this.now.getTime() - days * DAY_MS);
  }

  private county(code: string): County {
    const county = this.counties.get(code);
    if (!county) throw new Error(`seed donations: unknown county ${code}`);
    return county;
  }

  private project(key: string): DonationProject {
    const project = this.projects.get(key);
    if (!project) throw new Error(`seed donations: unknown project ${key}`);
    return project;
  }

  private async seedAccounts(accounts: SeedDonationAccount[]): Promise<void> {
    const repo = this.m.getRepository(DonationAccount);
    for (const a of accounts) {
      if (!(await repo.findOneBy({ office: a.office }))) await repo.save(repo.create(a));
    }
  }

  private async seedProject(p: SeedDonationProject): Promise<void> {
    const repo = this.m.getRepository(DonationProject);
    const county = this.county(p.county);
    const { key, county: _code, deadlineInDays, ...fields } = p;
    const existing = await repo.findOneBy({ fairId: this.fair.id, countyId: county.id, title: p.title });
    const project =
      existing ??
      (await repo.save(
        repo.create({
          ...fields,
          fairId: this.fair.id,
          countyId: county.id,
          contactOffice: `${county.name}扶贫开发领导小组办公室（演示）`,
          contactPhone: null,
          deadline: isoDateCst(new Date(this.now.getTime() + deadlineInDays * DAY_MS)),
          publishedAt: PUBLIC_PROJECT_STATUSES.includes(p.status) ? this.daysAgo(60) : null,
        }),
      ));
    this.projects.set(key, project);
  }

  private async seedPledge(s: SeedPledge): Promise<void> {
    const repo = this.m.getRepository(Pledge);
    const project = s.project ? this.project(s.project) : null;
    const countyId = project?.countyId ?? (s.county ? this.county(s.county).id : null);
    const existing = await repo.findOneBy({
      fairId: this.fair.id,
      donorName: s.donorName,
      amountFen: s.amountFen,
      projectId: project ? project.id : IsNull(),
      countyId: countyId ?? IsNull(),
    });
    if (existing) {
      this.pledges.set(s.key, existing);
      return;
    }
    const createdAt = this.daysAgo(s.daysAgo);
    const unit = s.buyerUnit ? this.units.get(s.buyerUnit) : undefined;
    if (s.buyerUnit && !unit) throw new Error(`seed donations: unknown buyer unit ${s.buyerUnit}`);
    const pledge = await repo.save(
      repo.create({
        fairId: this.fair.id,
        pledgeNo: await nextDailyReferenceNo(this.m, PLEDGE_NO_LETTERS, createdAt),
        projectId: project?.id ?? null,
        countyId,
        claim: s.claim,
        donorKind: s.donorKind,
        buyerUnitId: unit?.id ?? null,
        donorName: s.donorName,
        donorPhone: unit ? unit.mobile : s.donorPhone,
        message: s.message,
        anonymous: s.anonymous,
        amountFen: s.amountFen,
        status: 'open',
        // A unit sees its pledges in its account; a person keeps the link with this token.
        accessToken: unit ? null : randomBytes(24).toString('base64url'),
        createdAt,
        updatedAt: createdAt,
      }),
    );
    if (s.claim && project) {
      await this.m.getRepository(DonationProject).update(project.id, { claimedByPledgeId: pledge.id });
    }
    this.pledges.set(s.key, pledge);
  }

  private async seedReceipt(s: SeedReceipt): Promise<void> {
    const repo = this.m.getRepository(DonationReceipt);
    const project = s.project ? this.project(s.project) : null;
    const county = project ? this.county(this.countyCodeOf(project)) : s.county ? this.county(s.county) : null;
    const office = officeKey(county?.code);
    if (await repo.findOneBy({ office, bankReference: s.bankReference })) return;
    const pledge = s.pledge ? this.pledges.get(s.pledge) : undefined;
    if (s.pledge && !pledge) throw new Error(`seed donations: unknown pledge ${s.pledge}`);
    const issuedAt = this.daysAgo(s.daysAgo);
    await repo.save(
      repo.create({
        fairId: this.fair.id,
        office,
        countyId: county?.id ?? null,
        receiptNo: await nextReceiptNo(this.m, office, issuedAt),
        pledgeId: pledge?.id ?? null,
        projectId: project?.id ?? null,
        donorKind: s.donorKind,
        donorName: s.donorName,
        anonymous: s.anonymous,
        amountFen: s.amountFen,
        receivedOn: isoDateCst(issuedAt),
        bankReference: s.bankReference,
        recordedById: null,
        voidedAt: s.voidReason ? issuedAt : null,
        voidReason: s.voidReason,
        voidedById: null,
        createdAt: issuedAt,
        updatedAt: issuedAt,
      }),
    );
  }

  private async seedDisbursement(s: SeedDisbursement): Promise<void> {
    const repo = this.m.getRepository(Disbursement);
    const project = this.project(s.project);
    if (await repo.findOneBy({ projectId: project.id, payee: s.payee, amountFen: s.amountFen })) return;
    const paidAt = this.daysAgo(s.daysAgo);
    await repo.save(
      repo.create({
        projectId: project.id,
        countyId: project.countyId,
        amountFen: s.amountFen,
        paidOn: isoDateCst(paidAt),
        payee: s.payee,
        purpose: s.purpose,
        attachmentKey: null,
        attachmentName: null,
        attachmentType: null,
        recordedById: null,
        createdAt: paidAt,
        updatedAt: paidAt,
      }),
    );
  }

  private countyCodeOf(project: DonationProject): string {
    for (const [code, c] of this.counties) if (c.id === project.countyId) return code;
    throw new Error(`seed donations: project ${project.title} has no demo county`);
  }
}
