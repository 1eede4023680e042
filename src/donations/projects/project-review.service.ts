import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, FindOptionsWhere, Repository } from 'typeorm';
import { AuditService, diffFields } from '../../audit/audit.service';
import type { SessionUser } from '../../auth/current-user';
import { AppError } from '../../common/app-error';
import { FairsService } from '../../fairs/fairs.service';
import { DonationProject } from '../donation-project.entity';
import type { ProjectKind } from '../project-kinds';
import { PROJECT_STATUS_LABELS, type ProjectStatus } from '../project-status';
import { STATUS_CHANGES } from './project-rules';
import { PROJECT_AUDIT_TYPE, PROJECT_AUDITED_FIELDS } from './projects.service';

/** What the organiser filters the queue and the list by. */
export interface ProjectFilter {
  countyId?: number;
  kind?: ProjectKind;
  status?: ProjectStatus;
  fairId?: number;
}

const statusIs = (p: DonationProject) => `“${p.title}”当前状态为“${PROJECT_STATUS_LABELS[p.status]}”`;

/**
 * The organiser's review of the counties' projects, as for products: publish a pending
 * project or return it with a reason the county sees, and later mark it 已筹满, 已结束 or
 * 已关闭. Each decision is one transaction with its audit entry; an archived fair's projects
 * do not change.
 */
@Injectable()
export class ProjectReviewService {
  constructor(
    @InjectRepository(DonationProject) private readonly projects: Repository<DonationProject>,
    private readonly audit: AuditService,
    private readonly fairs: FairsService,
  ) {}

  /** One page of projects matching the filter with their county: the queue oldest first, other lists newest first. */
  async list(filter: ProjectFilter, page: number, pageSize: number): Promise<{ items: DonationProject[]; total: number }> {
    const where: FindOptionsWhere<DonationProject> = {};
    for (const key of ['countyId', 'kind', 'status', 'fairId'] as const)
      if (filter[key] !== undefined) Object.assign(where, { [key]: filter[key] });
    const oldestFirst = filter.status === 'pending';
    const [items, total] = await this.projects.findAndCount({
      where,
      relations: { county: true },
      order: { updatedAt: oldestFirst ? 'ASC' : 'DESC', id: oldestFirst ? 'ASC' : 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items, total };
  }

  /** 待审核 → 已发布, with the time of publication. */
  approve(user: SessionUser, id: number): Promise<DonationProject> {
    return this.decide(user, id, 'project.approve', ['pending'], (p) => {
      Object.assign(p, { status: 'published', publishedAt: new Date(), returnReason: null });
    });
  }

  /** 待审核 → 已退回, with the reason the county sees. */
  returnForChanges(user: SessionUser, id: number, reason: string): Promise<DonationProject> {
    return this.decide(user, id, 'project.return', ['pending'], (p) => {
      Object.assign(p, { status: 'returned', returnReason: reason });
    });
  }

  /** Whether the organiser may move the project to `to` now (the page offers only these). */
  canChange(project: DonationProject, to: ProjectStatus): boolean {
    return STATUS_CHANGES[project.status]?.includes(to) ?? false;
  }

  /** 已发布 → 已筹满 / 已结束 / 已关闭, 已筹满 → 已结束 / 已关闭, 已结束 → 已关闭. */
  changeStatus(user: SessionUser, id: number, to: ProjectStatus): Promise<DonationProject> {
    return this.decide(user, id, 'project.status', null, (p) => {
      if (!this.canChange(p, to)) {
        throw new AppError('CONFLICT', `${statusIs(p)}，不能改为“${PROJECT_STATUS_LABELS[to]}”`);
      }
      p.status = to;
    });
  }

  private async decide(
    user: SessionUser,
    id: number,
    action: string,
    from: ProjectStatus[] | null,
    change: (p: DonationProject) => void,
  ): Promise<DonationProject> {
    return this.projects.manager.transaction(async (m) => {
      const project = await this.locked(m, id);
      if (!project) throw AppError.notFound('项目');
      await this.fairs.assertWritableById(project.fairId, m);
      if (from && !from.includes(project.status)) throw new AppError('CONFLICT', `${statusIs(project)}，没有需要审核的内容`);
      const before = { ...project };
      change(project);
      await m.getRepository(DonationProject).save(project);
      const changes = diffFields(before, { ...project }, PROJECT_AUDITED_FIELDS);
      await this.audit.record(user, action, { type: PROJECT_AUDIT_TYPE, id }, changes, m);
      return project;
    });
  }

  private locked(m: EntityManager, id: number): Promise<DonationProject | null> {
    return m.getRepository(DonationProject).findOne({
      where: { id },
      ...(m.connection.options.type === 'postgres' ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }
}
