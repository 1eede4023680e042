import { Body, Controller, Get, Injectable, Post, Query, Redirect, Render, Req } from '@nestjs/common';
import type { Request } from 'express';
import { actionLabel } from '../audit/audit-labels';
import { CurrentUser, type SessionUser } from '../auth/current-user';
import { Roles } from '../auth/roles.decorator';
import { confirmFirst } from '../common/confirmation';
import { flash } from '../common/flash';
import { FormView, type FormLocalsProvider } from '../common/form-view';
import { IdParam } from '../common/id-param';
import { pagination, parsePage } from '../common/page-param';
import { AnswerObjectionDto, CloseObjectionDto } from './dto/answer-objection.dto';
import { OBJECTION_STATUSES, type Objection, type ObjectionStatus } from './objection.entity';
import { OBJECTION_TEXT_LIMITS } from './objection-limits';
import { OBJECTION_STATUS_CLASSES, OBJECTION_STATUS_LABELS } from './objection-status';
import { ObjectionsService } from './objections.service';

const PAGE_SIZE = 30;
const EXCERPT_CHARS = 60;

/** The first characters of a text (by code point, so no character is cut in half). */
const excerpt = (text: string) => {
  const chars = Array.from(text);
  return chars.length > EXCERPT_CHARS ? `${chars.slice(0, EXCERPT_CHARS).join('')}…` : text;
};

const paragraphs = (text: string) => text.split(/\r?\n/).filter((line) => line.trim() !== '');

/** What an objection is about, as one line. */
function subjectOf(o: Objection): string {
  switch (o.subjectType) {
    case 'product':
      return o.product ? `产品：${o.product.name}` : '产品（已删除）';
    case 'project':
      return o.project ? `项目：${o.project.title}` : '项目（已删除）';
    case 'donation':
      return o.donationReceipt ? `捐赠记录：${o.donationReceipt.receiptNo}` : '捐赠记录（已删除）';
    default:
      return `公示数据：${o.subject ?? ''}`;
  }
}

/** The objection page: the objection, its history and the answer / close forms. */
@Injectable()
export class ObjectionPageLocals implements FormLocalsProvider {
  constructor(private readonly objections: ObjectionsService) {}

  formLocals(req: Request) {
    return this.page(Number(req.params.id));
  }

  async page(id: number) {
    const [objection, history] = await Promise.all([this.objections.findOrThrow(id), this.objections.history(id)]);
    return {
      title: `异议 ${objection.id}`,
      objection,
      limits: OBJECTION_TEXT_LIMITS,
      subject: subjectOf(objection),
      statusLabel: OBJECTION_STATUS_LABELS[objection.status],
      statusClass: OBJECTION_STATUS_CLASSES[objection.status],
      // Paragraphs rather than CSS white-space: the person's line breaks survive, escaped as any text.
      paragraphs: paragraphs(objection.text),
      answerParagraphs: paragraphs(objection.answer ?? ''),
      closed: objection.status === 'closed',
      history: history.map((e) => ({
        ...e,
        actionLabel: actionLabel(e.action),
        reason: typeof e.changes?.reason?.after === 'string' ? e.changes.reason.after : null,
      })),
    };
  }
}

/** 异议处理: the organiser's queue of objections, each answered and closed with a reason. */
@Controller('admin/objections')
@Roles('organiser')
export class AdminObjectionsController {
  constructor(
    private readonly objections: ObjectionsService,
    private readonly pageLocals: ObjectionPageLocals,
  ) {}

  @Get()
  @Render('objections/admin-list')
  async list(@Query('status') statusParam?: unknown, @Query('page') pageParam?: unknown) {
    const status = OBJECTION_STATUSES.includes(statusParam as ObjectionStatus) ? (statusParam as ObjectionStatus) : undefined;
    const page = parsePage(pageParam);
    const [{ items, total }, counts] = await Promise.all([this.objections.list(status, page, PAGE_SIZE), this.objections.counts()]);
    return {
      title: '异议处理',
      tabs: [
        { href: '/admin/objections', label: '全部', count: counts.received, active: !status },
        ...OBJECTION_STATUSES.map((s) => ({
          href: `/admin/objections?status=${s}`,
          label: OBJECTION_STATUS_LABELS[s],
          count: counts.byStatus[s],
          active: s === status,
        })),
      ],
      objections: items.map((o) => ({
        id: o.id,
        createdAt: o.createdAt,
        status: o.status,
        statusLabel: OBJECTION_STATUS_LABELS[o.status],
        statusClass: OBJECTION_STATUS_CLASSES[o.status],
        subject: subjectOf(o),
        excerpt: excerpt(o.text),
      })),
      filters: { status: status ?? '' },
      pager: pagination(page, total, PAGE_SIZE),
    };
  }

  @Get(':id')
  @Render('objections/admin-show')
  show(@IdParam() id: number) {
    return this.pageLocals.page(id);
  }

  @Post(':id/answer')
  @FormView('objections/admin-show', ObjectionPageLocals)
  @Redirect('/admin/objections', 303)
  async answer(@CurrentUser() user: SessionUser, @IdParam() id: number, @Body() dto: AnswerObjectionDto, @Req() req: Request) {
    await this.objections.answer(user, id, dto.answer);
    flash(req, 'success', `异议 ${id} 已答复`);
    return { url: `/admin/objections/${id}` };
  }

  @Post(':id/close')
  @FormView('objections/admin-show', ObjectionPageLocals)
  @Redirect('/admin/objections', 303)
  async close(@CurrentUser() user: SessionUser, @IdParam() id: number, @Body() dto: CloseObjectionDto, @Req() req: Request) {
    await confirmFirst(req, async () => {
      const objection = await this.objections.findOrThrow(id);
      return {
        title: `关闭异议 ${id}？`,
        consequences: [
          `关闭原因：${dto.reason}`,
          objection.answer ? '关闭后答复不能再修改。' : '尚未答复，关闭原因将作为答复；关闭后不能再修改。',
        ],
        confirmLabel: '确认关闭',
        back: `/admin/objections/${id}`,
      };
    });
    await this.objections.close(user, id, dto.reason);
    flash(req, 'success', `异议 ${id} 已关闭`);
    return { url: `/admin/objections/${id}` };
  }
}
