import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import type { EntityManager, Repository } from 'typeorm';
import { AuditService, diffFields, type AuditActor } from '../../audit/audit.service';
import type { SessionUser } from '../../auth/current-user';
import { AppError } from '../../common/app-error';
import { CountiesService } from '../../counties/counties.service';
import { FairsService } from '../../fairs/fairs.service';
import { nextDailyReferenceNo } from '../../intents/reference-number';
import { VISITOR_ACTOR } from '../../objections/objections.service';
import { CITY_OFFICE } from '../donation-office';
import { Pledge } from '../pledge.entity';
import { ProjectsService } from '../projects/projects.service';
import type { PledgeInput } from './dto/pledge-input.dto';
import { fixedClaimFen, isWholeClaim, PLEDGE_NO_LETTERS } from './pledge-rules';

/** Who pledges: a buyer unit from its account, or anyone through the public form. */
export type Donor = { kind: 'unit'; user: SessionUser; unitId: number; unitName: string } | { kind: 'public' };

/** What the audit log keeps of a new pledge: not the phone number, which is for the receiving office only. */
const AUDITED: (keyof Pledge)[] = [
  'pledgeNo',
  'projectId',
  'countyId',
  'claim',
  'donorKind',
  'buyerUnitId',
  'donorName',
  'anonymous',
  'amountFen',
  'status',
];

/** Where a pledge goes: the fair's campaign, the project (if directed) and the receiving county (null: the city). */
interface Destination {
  fairId: number;
  projectId: number | null;
  countyId: number | null;
  claim: boolean;
  amountFen: number;
}

/** Who the audit log names: the unit's user, or a visitor for the public form. */
const actorOf = (donor: Donor): SessionUser | AuditActor => (donor.kind === 'unit' ? donor.user : VISITOR_ACTOR);

/** The link a public donor keeps: 24 random bytes (192 bits), URL-safe. */
export const newAccessToken = (): string => randomBytes(24).toString('base64url');

/**
 * Takes pledges (认捐) and claims (认领). Each is one transaction: the project locked and
 * checked by ProjectsService (the one owner of a project's state, and of its claim), the pledge number drawn from the shared counter, the
 * pledge, the project's claim and the audit entry — so a refusal writes nothing, a rollback
 * gives the number back, and of two claims at the same moment exactly one wins.
 */
@Injectable()
export class PledgeCreationService {
  constructor(
    @InjectRepository(Pledge) private readonly pledges: Repository<Pledge>,
    private readonly projects: ProjectsService,
    private readonly fairs: FairsService,
    private readonly counties: CountiesService,
    private readonly audit: AuditService,
  ) {}

  /** A pledge (or, to a whole-mode project, a claim for what it seeks) to a project. */
  async toProject(donor: Donor, projectId: number, input: PledgeInput): Promise<Pledge> {
    return this.pledges.manager.transaction(async (m) => {
      const project = await this.projects.lockPledgeable(projectId, m);
      await this.fairs.assertWritableById(project.fairId, m);
      const claim = isWholeClaim(project);
      const amountFen = fixedClaimFen(project) ?? input.amountFen;
      if (amountFen === null) throw AppError.validation({ amount: ['请填写认捐金额（元）'] });
      const pledge = await this.insert(m, donor, input, {
        fairId: project.fairId,
        projectId,
        countyId: project.countyId,
        claim,
        amountFen,
      });
      if (claim) await this.projects.markClaimed(actorOf(donor), project, pledge.id, m);
      return pledge;
    });
  }

  /** An undirected pledge (不定向) to a county's fund (its code) or the city's ('city'), in the current fair's campaign. */
  async toFund(donor: Donor, fund: string, input: PledgeInput): Promise<Pledge> {
    const county = fund === CITY_OFFICE ? null : (await this.counties.findAll()).find((c) => c.code === fund);
    if (county === undefined) throw AppError.validation({ fund: ['请选择捐赠给哪个扶贫基金'] });
    if (input.amountFen === null) throw AppError.validation({ amount: ['请填写认捐金额（元）'] });
    const amountFen = input.amountFen;
    return this.pledges.manager.transaction(async (m) => {
      const fair = await this.fairs.current(m);
      this.fairs.assertWritable(fair);
      return this.insert(m, donor, input, { fairId: fair.id, projectId: null, countyId: county?.id ?? null, claim: false, amountFen });
    });
  }

  private async insert(m: EntityManager, donor: Donor, input: PledgeInput, to: Destination): Promise<Pledge> {
    const repo = m.getRepository(Pledge);
    const unit = donor.kind === 'unit';
    const saved = await repo.save(
      repo.create({
        ...to,
        pledgeNo: await nextDailyReferenceNo(m, PLEDGE_NO_LETTERS),
        donorKind: unit ? 'unit' : input.donorKind,
        buyerUnitId: unit ? donor.unitId : null,
        donorName: unit ? donor.unitName : input.donorName!,
        donorPhone: input.donorPhone,
        message: input.message,
        anonymous: input.anonymous,
        status: 'open',
        cancelledAt: null,
        // A unit's pledges are on its account's pages; a public donor has only this link.
        accessToken: unit ? null : newAccessToken(),
      }),
    );
    await this.audit.record(actorOf(donor), 'pledge.create', { type: 'pledge', id: saved.id }, diffFields(null, { ...saved }, AUDITED), m);
    return saved;
  }
}
