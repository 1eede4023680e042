import type { County } from '../counties/county.entity';
import type { SummaryFile } from './summary-file.entity';
import { SUMMARY_FILE_TYPES, SUMMARY_KIND_LABELS, type SummaryFileKind } from './summary-file-types';

export type SubmissionStatus = 'submitted' | 'late' | 'missing';
export const SUBMISSION_STATUS_LABELS: Record<SubmissionStatus, string> = { submitted: '已提交', late: '逾期提交', missing: '未提交' };

const STATUS_CLASSES: Record<SubmissionStatus, string> = {
  submitted: 'status-published',
  late: 'status-submitted',
  missing: 'status-cancelled',
};

/** A file as the pages show it. */
export interface FileView {
  id: number;
  kind: SummaryFileKind;
  kindLabel: string;
  fileName: string;
  typeLabel: string;
  size: number;
  sizeText: string;
  uploadedAt: Date;
  late: boolean;
}

export interface CountySubmission {
  countyId: number;
  countyName: string;
  status: SubmissionStatus;
  statusLabel: string;
  /** The status chip's class in app.css. */
  statusClass: string;
  /** When the county first submitted its summary document; null while it has none. */
  submittedAt: Date | null;
  totalBytes: number;
  totalText: string;
  files: FileView[];
}

/** 1,234,567 bytes → "1.2 MB"; below 1 MB in KB. */
export function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export function fileView(f: SummaryFile, closes: Date): FileView {
  return {
    id: f.id,
    kind: f.kind,
    kindLabel: SUMMARY_KIND_LABELS[f.kind],
    fileName: f.fileName,
    typeLabel: SUMMARY_FILE_TYPES[f.fileType].label,
    size: f.size,
    sizeText: sizeText(f.size),
    uploadedAt: f.createdAt,
    late: f.createdAt.getTime() >= closes.getTime(),
  };
}

/**
 * A county's submission: 已提交 once a summary document (not a photo alone) came in by the
 * due date, 逾期提交 when its first one came after, 未提交 while it has none.
 */
export function submissionOf(county: Pick<County, 'id' | 'name'>, files: SummaryFile[], closes: Date): CountySubmission {
  const documents = files.filter((f) => f.kind === 'document').map((f) => f.createdAt.getTime());
  const first = documents.length ? new Date(Math.min(...documents)) : null;
  const status: SubmissionStatus = !first ? 'missing' : first.getTime() < closes.getTime() ? 'submitted' : 'late';
  return {
    countyId: county.id,
    countyName: county.name,
    status,
    statusLabel: SUBMISSION_STATUS_LABELS[status],
    statusClass: STATUS_CLASSES[status],
    submittedAt: first,
    totalBytes: files.reduce((s, f) => s + f.size, 0),
    totalText: sizeText(files.reduce((s, f) => s + f.size, 0)),
    files: files.map((f) => fileView(f, closes)),
  };
}

/** Every county's submission, in the counties' order. */
export function boardOf(counties: County[], files: SummaryFile[], closes: Date): CountySubmission[] {
  return counties.map((c) =>
    submissionOf(
      c,
      files.filter((f) => f.countyId === c.id),
      closes,
    ),
  );
}
