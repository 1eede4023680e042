import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import type { EntityManager, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { SessionUser } from '../auth/current-user';
import { AppError } from '../common/app-error';
import type { Fair } from '../fairs/fair.entity';
import { FairsService } from '../fairs/fairs.service';
import { SummaryDueDatesService } from './summary-due-dates.service';
import { SummaryFileStorage } from './summary-file-storage';
import { SummaryFile } from './summary-file.entity';
import { checkUploads, type CheckedUpload, type IncomingFile } from './summary-upload-checks';
import type { SummaryFileKind } from './summary-file-types';
import { SUMMARY_FILE_TYPES } from './summary-file-types';

/**
 * The counties' summary files: upload, replace, delete, list and read. Every upload is checked
 * whole before anything is stored; blobs are written before their rows and removed again when
 * the rows cannot be written, so a refused upload leaves neither.
 */
@Injectable()
export class SummaryFilesService {
  constructor(
    @InjectRepository(SummaryFile) private readonly repo: Repository<SummaryFile>,
    private readonly storage: SummaryFileStorage,
    private readonly fairs: FairsService,
    private readonly dueDates: SummaryDueDatesService,
    private readonly audit: AuditService,
  ) {}

  listForCounty(fairId: number, countyId: number): Promise<SummaryFile[]> {
    return this.repo.find({ where: { fairId, countyId }, order: { kind: 'ASC', createdAt: 'ASC', id: 'ASC' } });
  }

  /** Every file of the fair (metadata only), by county, for the board and the zip. */
  listForFair(fairId: number): Promise<SummaryFile[]> {
    return this.repo.find({ where: { fairId }, order: { countyId: 'ASC', kind: 'ASC', createdAt: 'ASC', id: 'ASC' } });
  }

  /** A file the user may see: the organiser any, a county only its own (another's is "not found", not "forbidden"). */
  async findVisibleOrThrow(user: SessionUser, id: number): Promise<SummaryFile> {
    const file = await this.repo.findOneBy({ id });
    if (!file || (user.role !== 'organiser' && (user.role !== 'county' || file.countyId !== user.countyId))) {
      throw AppError.notFound('该文件');
    }
    return file;
  }

  async bytesOf(file: SummaryFile): Promise<Buffer> {
    const bytes = await this.storage.get(file.storageKey);
    if (!bytes) throw AppError.notFound('该文件');
    return bytes;
  }

  /** Adds files to the county's summary. After the due date files may still be added (补交); the board marks them late. */
  async upload(user: SessionUser, fair: Fair, kind: SummaryFileKind, incoming: IncomingFile[]): Promise<SummaryFile[]> {
    this.fairs.assertWritable(fair);
    const countyId = user.countyId!;
    const existing = await this.listForCounty(fair.id, countyId);
    const checked = await checkUploads(incoming, kind, existing);
    return this.storeThen(checked, async (keys) =>
      this.repo.manager.transaction(async (m) => {
        await this.fairs.assertWritableById(fair.id, m);
        const rows = checked.map((c, i) =>
          m
            .getRepository(SummaryFile)
            .create({ fairId: fair.id, countyId, kind, fileName: c.name, fileType: c.type, size: c.size, storageKey: keys[i] }),
        );
        const saved = await m.getRepository(SummaryFile).save(rows);
        for (const row of saved) await this.recordChange(user, 'summary.upload', row, m);
        return saved;
      }),
    );
  }

  /** Puts a new file in the place of one of the county's own, until the due date. */
  async replace(user: SessionUser, id: number, uploaded: IncomingFile[]): Promise<SummaryFile> {
    const file = await this.findOwnOrThrow(user, id);
    if (uploaded.length !== 1) throw AppError.validation({ files: ['请选择一个文件来替换'] }, '请选择一个文件来替换');
    const [incoming] = uploaded;
    const fair = await this.fairs.byId(file.fairId);
    this.fairs.assertWritable(fair);
    await this.dueDates.assertBeforeDue(fair);
    const others = (await this.listForCounty(fair.id, file.countyId)).filter((f) => f.id !== file.id);
    const [checked] = await checkUploads([incoming], file.kind, others);
    const saved = await this.storeThen([checked], ([key]) =>
      this.repo.manager.transaction(async (m) => {
        await this.fairs.assertWritableById(fair.id, m);
        await this.dueDates.assertBeforeDue(fair, m);
        const next = { ...file, fileName: checked.name, fileType: checked.type, size: checked.size, storageKey: key };
        const row = await m.getRepository(SummaryFile).save(next);
        await this.recordChange(user, 'summary.replace', row, m);
        return row;
      }),
    );
    await this.storage.delete(file.storageKey);
    return saved;
  }

  /** Deletes one of the county's own files, until the due date. */
  async remove(user: SessionUser, id: number): Promise<SummaryFile> {
    const file = await this.findOwnOrThrow(user, id);
    const fair = await this.fairs.byId(file.fairId);
    this.fairs.assertWritable(fair);
    await this.dueDates.assertBeforeDue(fair);
    await this.repo.manager.transaction(async (m) => {
      await this.dueDates.assertBeforeDue(fair, m);
      await m.getRepository(SummaryFile).delete({ id: file.id });
      await this.recordChange(user, 'summary.delete', file, m);
    });
    await this.storage.delete(file.storageKey);
    return file;
  }

  private async findOwnOrThrow(user: SessionUser, id: number): Promise<SummaryFile> {
    const file = await this.repo.findOneBy({ id, countyId: user.countyId! });
    if (!file) throw AppError.notFound('该文件');
    return file;
  }

  /** Stores the blobs under new keys, then runs `write`; if it fails, the blobs go again. */
  private async storeThen<T>(checked: CheckedUpload[], write: (keys: string[]) => Promise<T>): Promise<T> {
    const keys: string[] = [];
    try {
      for (const c of checked) {
        const key = `${randomBytes(16).toString('hex')}.${SUMMARY_FILE_TYPES[c.type].keyExtension}`;
        await this.storage.put(key, c.bytes);
        keys.push(key);
      }
      return await write(keys);
    } catch (err) {
      await Promise.all(keys.map((k) => this.storage.delete(k)));
      throw err;
    }
  }

  private recordChange(user: SessionUser, action: string, file: SummaryFile, m: EntityManager): Promise<void> {
    return this.audit.record(
      user,
      action,
      { type: 'summary_file', id: file.id },
      { fileName: { before: null, after: file.fileName }, size: { before: null, after: file.size } },
      m,
    );
  }
}
