import { AppError } from '../common/app-error';
import { MB, SUMMARY_LIMITS } from './summary-limits';
import {
  SUMMARY_FILE_TYPES,
  SUMMARY_KIND_LABELS,
  sniffSummaryType,
  typeFromName,
  TYPES_BY_KIND,
  type SummaryFileKind,
  type SummaryFileType,
} from './summary-file-types';

/** A file as multer hands it over (kept in memory, at most SUMMARY_LIMITS.fileBytes). */
export interface IncomingFile {
  originalname: string;
  buffer: Buffer;
  size: number;
}

export interface CheckedUpload {
  name: string;
  type: SummaryFileType;
  size: number;
  bytes: Buffer;
}

/**
 * The name as stored and shown: the last path part, NFC, without control and bidi-override
 * characters, at most SUMMARY_LIMITS.fileName characters with its extension kept.
 */
export function cleanFileName(raw: string): string {
  const last = raw.split(/[/\\]/).pop() ?? '';
  const name = last
    .normalize('NFC')
    .replace(/[\p{Cc}\u200b-\u200f\u202a-\u202e\u2066-\u2069]/gu, '')
    .trim();
  const chars = [...name];
  if (chars.length <= SUMMARY_LIMITS.fileName) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? [...name.slice(dot)].slice(0, 10).join('') : '';
  return chars.slice(0, SUMMARY_LIMITS.fileName - ext.length).join('') + ext;
}

const accepted = (kind: SummaryFileKind) => TYPES_BY_KIND[kind].map((t) => SUMMARY_FILE_TYPES[t].label).join('、');
const refuse = (message: string) => AppError.validation({ files: [message] }, message);

/**
 * Checks an upload as a whole: every file's name, type (by its bytes, against its name) and
 * size, then the county's count and total with the files it already has. The first problem
 * refuses the whole upload, before anything is stored.
 */
export async function checkUploads(
  incoming: IncomingFile[],
  kind: SummaryFileKind,
  existing: { size: number }[],
): Promise<CheckedUpload[]> {
  if (incoming.length === 0) throw refuse('请选择要上传的文件');
  const checked: CheckedUpload[] = [];
  for (const file of incoming) {
    const name = cleanFileName(file.originalname);
    if (!name) throw refuse('文件名不能为空，请重命名后再上传');
    const claimed = typeFromName(name);
    if (!claimed || !TYPES_BY_KIND[kind].includes(claimed)) {
      throw refuse(`${SUMMARY_KIND_LABELS[kind]}只能是 ${accepted(kind)} 文件，“${name}”不是`);
    }
    if (file.size === 0) throw refuse(`文件“${name}”是空文件`);
    if (file.size > SUMMARY_LIMITS.fileBytes) throw refuse(`文件“${name}”超过 ${SUMMARY_LIMITS.fileBytes / MB} MB，请压缩后再上传`);
    const actual = await sniffSummaryType(file.buffer);
    if (actual !== claimed) throw refuse(`文件“${name}”不是 ${SUMMARY_FILE_TYPES[claimed].label} 文件`);
    checked.push({ name, type: actual, size: file.size, bytes: file.buffer });
  }
  if (existing.length + checked.length > SUMMARY_LIMITS.files) {
    throw refuse(`每个县区最多提交 ${SUMMARY_LIMITS.files} 个文件，已提交 ${existing.length} 个`);
  }
  const total = [...existing, ...checked].reduce((s, f) => s + f.size, 0);
  if (total > SUMMARY_LIMITS.totalBytes) {
    const used = existing.reduce((s, f) => s + f.size, 0);
    throw refuse(`每个县区的文件合计不能超过 ${SUMMARY_LIMITS.totalBytes / MB} MB，已提交 ${(used / MB).toFixed(1)} MB`);
  }
  return checked;
}
