import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, type EntityManager, type Repository } from 'typeorm';
import { AuditService, diffFields, type AuditActor } from '../../audit/audit.service';
import type { SessionUser } from '../../auth/current-user';
import { AppError } from '../../common/app-error';
import { isoDateCst } from '../../common/dates';
import { FairsService } from '../../fairs/fairs.service';
import { DonationProject } from '../donation-project.entity';
import { PROJECT_STATUS_LABELS, PUBLIC_PROJECT_STATUSES, type ProjectStatus } from '../project-status';
import type { CorrectionValues, ProjectValues } from './dto/project-input.dto';
import { assertPledgeable, editModeOf, ELSEWHERE, SUBMITTABLE_FROM, WITHDRAWABLE_FROM } from './project-rules';

/** The audit entity type of a project, and the fields its entries record. */
export const PROJECT_AUDIT_TYPE = 'donation_project';
export const PROJECT_AUDITED_FIELDS = [
  'title',
  'kind',
  'township',
  'village',
  'description',
  'soughtFen',
  'goodsSought',
  'beneficiaryHouseholds',
  'beneficiaryPeople',
  'contactOffice',
  'contactPhone',
  'deadline',
  'claimMode',
  'acceptsUndirected',
  'imageKey',
  'status',
  'returnReason',
  'publishedAt',
  'claimedByPledgeId',
];

const NOT_YOURS = '该项目不属于本县，您无权查看或修改';
const statusIs = (p: DonationProject) => `该项目当前状态为“${PROJECT_STATUS_LABELS[p.status]}”`;

/**
 * Owns the 认领认捐 projects' queries and the county's side of their life (草稿 → 待审核, back
 * to 草稿, corrections), and answers the other parts of the campaign: is this project public,
 * may it take a pledge now, mark it claimed. The organiser's review is ProjectReviewService's.
 */
@Injectable()
export class ProjectsService {
  constructor(
    @InjectRepository(DonationProject) private readonly projects: Repository<DonationProject>,
    private readonly audit: AuditService,
    private readonly fairs: FairsService,
  ) {}

  /** A project in any status, with its county, or 404; inside the caller's transaction when given its manager. */
  async byIdOrThrow(id: number, manager?: EntityManager): Promise<DonationProject> {
    const project = await (manager?.getRepository(DonationProject) ?? this.projects).findOne({
      where: { id },
      relations: { county: true },
    });
    if (!project) throw AppError.notFound('项目');
    return project;
  }

  /** The project if the public may see it (已发布, 已筹满, 已结束, 已关闭), with its county; otherwise null. */
  async findPublic(id: number, manager?: EntityManager): Promise<DonationProject | null> {
    return (manager?.getRepository(DonationProject) ?? this.projects).findOne({
      where: { id, status: In([...PUBLIC_PROJECT_STATUSES]) },
      relations: { county: true },
    });
  }

  /** Projects by id (any status, with their county), for pages that list pledges or receipts. */
  async findMany(ids: number[]): Promise<DonationProject[]> {
    return ids.length ? this.projects.find({ where: { id: In(ids) }, relations: { county: true } }) : [];
  }

  /** See assertPledgeable() in project-rules.ts: refuses (404/409, saying why) a project that does not take a pledge now. */
  assertPledgeable(project: DonationProject | null, now = new Date()): asserts project is DonationProject {
    assertPledgeable(project, now);
  }

  /** A public project with its county whether or not it takes pledges now (404 when not public), e.g. to show why not. */
  async publicOrThrow(id: number): Promise<DonationProject> {
    const project = await this.findPublic(id);
    if (!project) throw AppError.notFound('该项目');
    return project;
  }

  /** A county's public projects of a fair's campaign, oldest first (e.g. where an office may record money without a pledge). */
  publicForCounty(countyId: number, fairId: number, manager?: EntityManager): Promise<DonationProject[]> {
    return (manager?.getRepository(DonationProject) ?? this.projects).find({
      where: { countyId, fairId, status: In([...PUBLIC_PROJECT_STATUSES]) },
      order: { id: 'ASC' },
    });
  }

  /** The project a pledge form is for, with its county, if it takes pledges now (see assertPledgeable). */
  async pledgeableOrThrow(id: number): Promise<DonationProject> {
    const project = await this.projects.findOne({ where: { id }, relations: { county: true } });
    assertPledgeable(project);
    return project;
  }

  /**
   * For the pledges part, inside its transaction: the project read with a lock (PostgreSQL;
   * SQLite's gate serialises writers), checked by assertPledgeable(), so that two claims of
   * one project cannot both pass.
   */
  async lockPledgeable(id: number, m: EntityManager): Promise<DonationProject> {
    const project = await this.locked(m, id);
    assertPledgeable(project);
    return project;
  }

  /**
   * Records a whole claim (认领) by the pledge, in the caller's transaction after lockPledgeable().
   * The update's condition keeps "one claim per project" true even without the row lock.
   */
  async markClaimed(actor: SessionUser | AuditActor, project: DonationProject, pledgeId: number, m: EntityManager): Promise<void> {
    if (project.claimMode !== 'whole') throw new AppError('CONFLICT', '该项目为分份认捐，不能整体认领');
    const claimed = await m
      .getRepository(DonationProject)
      .update({ id: project.id, claimedByPledgeId: IsNull(), status: 'published' }, { claimedByPledgeId: pledgeId });
    if (claimed.affected !== 1) throw new AppError('CONFLICT', `该项目刚刚已被认领，不再接受认捐。${ELSEWHERE}`);
    await this.recordClaim(actor, project, pledgeId, m);
  }

  /**
   * Frees the project again when the claiming pledge is cancelled, in the caller's transaction;
   * a no-op (false) for any other pledge.
   */
  async releaseClaim(actor: SessionUser | AuditActor, projectId: number, pledgeId: number, m: EntityManager): Promise<boolean> {
    const project = await this.locked(m, projectId);
    if (!project || project.claimedByPledgeId !== pledgeId) return false;
    await m.getRepository(DonationProject).update({ id: projectId }, { claimedByPledgeId: null });
    await this.recordClaim(actor, project, null, m);
    return true;
  }

  /**
   * A project the user may manage: the organiser any, a county operator only its own county's
   * (another county's is 403: it exists, but is not theirs).
   */
  async findManageableOrThrow(user: SessionUser, id: number): Promise<DonationProject> {
    return this.checkOwner(user, await this.byIdOrThrow(id));
  }

  /** A county's projects in one fair's campaign, newest first. */
  listForCounty(countyId: number, fairId: number): Promise<DonationProject[]> {
    return this.projects.find({ where: { countyId, fairId }, order: { updatedAt: 'DESC', id: 'DESC' } });
  }

  /** A new draft in the current fair's campaign. */
  async create(user: SessionUser, countyId: number, values: ProjectValues, imageKey: string | null): Promise<DonationProject> {
    return this.projects.manager.transaction(async (m) => {
      const fair = await this.fairs.current(m);
      this.fairs.assertWritable(fair);
      const repo = m.getRepository(DonationProject);
      const project = await repo.save(repo.create({ ...values, fairId: fair.id, countyId, imageKey, status: 'draft' }));
      await this.record(user, 'project.create', null, project, m);
      return project;
    });
  }

  /**
   * Saves the county's edit: every field of a draft or returned project; on a published one
   * only the corrections (project-rules.ts); nothing while it waits for review or once it is
   * funded, ended or closed. `imageKey` undefined keeps the image, null removes it.
   */
  async update(
    user: SessionUser,
    id: number,
    values: ProjectValues | CorrectionValues,
    imageKey?: string | null,
  ): Promise<{ project: DonationProject; replacedImage: string | null }> {
    return this.projects.manager.transaction(async (m) => {
      const project = await this.lockedManageable(m, user, id);
      const mode = editModeOf(project);
      if (mode === 'none') {
        const hint = project.status === 'pending' ? '，如需修改请先撤回为草稿' : '，不能再修改';
        throw new AppError('CONFLICT', `${statusIs(project)}${hint}`);
      }
      if (mode === 'published' && 'title' in values)
        throw new AppError('CONFLICT', '已发布的项目只能修改项目说明、联系方式、截止日期和图片');
      const before = { ...project };
      Object.assign(project, values, imageKey !== undefined ? { imageKey } : {});
      await m.getRepository(DonationProject).save(project);
      await this.record(user, 'project.update', before, project, m);
      return { project, replacedImage: imageKey !== undefined && before.imageKey !== imageKey ? before.imageKey : null };
    });
  }

  /** 草稿 / 已退回 → 待审核 */
  submit(user: SessionUser, id: number): Promise<DonationProject> {
    return this.transition(user, id, 'project.submit', SUBMITTABLE_FROM, (p) => {
      // A deadline that passed while the draft waited would publish a project no one can pledge to.
      if (p.deadline < isoDateCst())
        throw AppError.validation({ deadline: ['截止日期已过，请修改截止日期后再提交审核'] }, '截止日期已过，请修改后再提交审核');
      p.status = 'pending';
    });
  }

  /** 待审核 → 草稿 (the county takes it back to change it). */
  withdraw(user: SessionUser, id: number): Promise<DonationProject> {
    return this.transition(user, id, 'project.withdraw', WITHDRAWABLE_FROM, (p) => {
      p.status = 'draft';
    });
  }

  private async transition(
    user: SessionUser,
    id: number,
    action: string,
    from: readonly ProjectStatus[],
    change: (p: DonationProject) => void,
  ): Promise<DonationProject> {
    return this.projects.manager.transaction(async (m) => {
      const project = await this.lockedManageable(m, user, id);
      if (!from.includes(project.status)) throw new AppError('CONFLICT', `${statusIs(project)}，不能执行此操作`);
      const before = { ...project };
      change(project);
      await m.getRepository(DonationProject).save(project);
      await this.record(user, action, before, project, m);
      return project;
    });
  }

  private async recordClaim(
    actor: SessionUser | AuditActor,
    project: DonationProject,
    pledgeId: number | null,
    m: EntityManager,
  ): Promise<void> {
    const before = { ...project };
    project.claimedByPledgeId = pledgeId;
    await this.record(actor, pledgeId ? 'project.claim' : 'project.unclaim', before, project, m);
  }

  /** Reads the project in the transaction (locked), checks the user's county and that its fair is not archived. */
  private async lockedManageable(m: EntityManager, user: SessionUser, id: number): Promise<DonationProject> {
    const project = await this.locked(m, id);
    if (!project) throw AppError.notFound('项目');
    this.checkOwner(user, project);
    await this.fairs.assertWritableById(project.fairId, m);
    return project;
  }

  private checkOwner(user: SessionUser, project: DonationProject): DonationProject {
    if (user.role === 'organiser' || (user.role === 'county' && project.countyId === user.countyId)) return project;
    throw AppError.forbidden(NOT_YOURS);
  }

  /** Locked on PostgreSQL; SQLite's gate serialises writers. */
  private locked(m: EntityManager, id: number): Promise<DonationProject | null> {
    return m.getRepository(DonationProject).findOne({
      where: { id },
      ...(m.connection.options.type === 'postgres' ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  private record(
    actor: SessionUser | AuditActor,
    action: string,
    before: DonationProject | null,
    after: DonationProject,
    m: EntityManager,
  ): Promise<void> {
    const changes = diffFields(before ? { ...before } : null, { ...after }, PROJECT_AUDITED_FIELDS);
    return this.audit.record(actor, action, { type: PROJECT_AUDIT_TYPE, id: after.id }, changes, m);
  }
}
