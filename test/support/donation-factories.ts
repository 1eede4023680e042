/**
 * Data factories for the 认领认捐 records: defaults that pass every check, plus overrides.
 * They write rows directly (set-up only); what is under test goes through HTTP.
 */
import type { DataSource } from 'typeorm';
import type { County } from '../../src/counties/county.entity';
import { Disbursement } from '../../src/donations/disbursement.entity';
import { officeKey } from '../../src/donations/donation-office';
import { DonationProject } from '../../src/donations/donation-project.entity';
import { DonationReceipt } from '../../src/donations/donation-receipt.entity';
import { Pledge } from '../../src/donations/pledge.entity';
import { currentFairId } from './factories';

let seq = 0;
const next = () => ++seq;

/** A published shares project of the county in the current fair's campaign, 10 万元 sought. */
export async function makeProject(db: DataSource, county: County, overrides: Partial<DonationProject> = {}): Promise<DonationProject> {
  const n = next();
  const repo = db.getRepository(DonationProject);
  return repo.save(
    repo.create({
      fairId: await currentFairId(db),
      countyId: county.id,
      township: '测试镇',
      village: `测试${n}村`,
      title: `测试帮扶项目${n}`,
      kind: 'industry',
      description: '测试项目说明',
      soughtFen: 10_000_000,
      goodsSought: null,
      beneficiaryHouseholds: 30,
      beneficiaryPeople: 96,
      contactOffice: `${county.name}扶贫开发领导小组办公室`,
      contactPhone: '0557-1234567',
      deadline: '2099-12-31',
      claimMode: 'shares',
      acceptsUndirected: true,
      status: 'published',
      publishedAt: new Date(),
      ...overrides,
    }),
  );
}

/** An open pledge by a person to the project (or to `overrides.countyId`'s fund when projectId is null). */
export async function makePledge(db: DataSource, project: DonationProject | null, overrides: Partial<Pledge> = {}): Promise<Pledge> {
  const n = next();
  const repo = db.getRepository(Pledge);
  return repo.save(
    repo.create({
      fairId: project?.fairId ?? (await currentFairId(db)),
      pledgeNo: `RJ-TEST-${String(n).padStart(5, '0')}`,
      projectId: project?.id ?? null,
      countyId: project?.countyId ?? null,
      claim: false,
      donorKind: 'person',
      buyerUnitId: null,
      donorName: `测试捐赠人${n}`,
      donorPhone: '13800138000',
      message: null,
      anonymous: false,
      amountFen: 100_000,
      status: 'open',
      accessToken: `test-token-${n}-${Math.random().toString(36).slice(2)}`,
      ...overrides,
    }),
  );
}

/** A received donation with a receipt issued by the project's county office (or the city office without a project). */
export async function makeReceipt(
  db: DataSource,
  project: DonationProject | null,
  county: County | null,
  overrides: Partial<DonationReceipt> = {},
): Promise<DonationReceipt> {
  const n = next();
  const repo = db.getRepository(DonationReceipt);
  return repo.save(
    repo.create({
      fairId: project?.fairId ?? (await currentFairId(db)),
      office: officeKey(county?.code),
      countyId: county?.id ?? null,
      receiptNo: `JZ-TEST-${String(n).padStart(5, '0')}`,
      pledgeId: null,
      projectId: project?.id ?? null,
      donorKind: 'person',
      donorName: `测试捐赠人${n}`,
      anonymous: false,
      amountFen: 50_000,
      receivedOn: '2020-10-17',
      bankReference: `BANK-${n}`,
      recordedById: null,
      voidedAt: null,
      voidReason: null,
      voidedById: null,
      ...overrides,
    }),
  );
}

export async function makeDisbursement(
  db: DataSource,
  project: DonationProject,
  overrides: Partial<Disbursement> = {},
): Promise<Disbursement> {
  const repo = db.getRepository(Disbursement);
  return repo.save(
    repo.create({
      projectId: project.id,
      countyId: project.countyId,
      amountFen: 20_000,
      paidOn: '2020-11-01',
      payee: '测试合作社',
      purpose: '购买种苗',
      attachmentKey: null,
      attachmentName: null,
      attachmentType: null,
      recordedById: null,
      ...overrides,
    }),
  );
}
