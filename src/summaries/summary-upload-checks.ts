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
 * characters, at most `maxChars` characters with its extension kept.
 */
export function cleanFileName(raw: string, maxChars: number = SUMMARY_LIMITS.fileName): string {
  const last = raw.split(/[/\\]/).pop() ?? '';
  const name = last
    .normalize('NFC')
    .replace(/[\p{Cc}\u200b-\u200f\u202a-\u202e\u2066-\u2069]/gu, '')
    .trim();
  const chars = [...name];
  if (chars.length <= maxChars) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? [...name.slice(dot)].slice(0, 10).join('') : '';
  return chars.slice(0, maxChars - ext.length).join('') + ext;
}

/** What one uploaded file must be: the summaries' kinds, and other features' uploads (payment vouchers). */
export interface FileRules {
  /** The types accepted, recognised by the bytes and matching the name's extension. */
  types: SummaryFileType[];
  maxBytes: number;
  /** What the file is, as the refusal names it: 总结材料, 付款凭证. */
  label: string;
  /** The form field the refusal is shown beside. */
  field: string;
  /** Characters of the name as stored (SUMMARY_LIMITS.fileName when not given). */
  maxNameChars?: number;
}

const refuseIn = (field: string, message: string) => AppError.validation({ [field]: [message] }, message);
const refuse = (message: string) => refuseIn('files', message);

/**
 * Checks one file's name, type (by its bytes, against its name's extension) and size; the
 * first problem refuses it with a message beside `rules.field`, before anything is stored.
 */
export async function checkFile(file: IncomingFile, rules: FileRules): Promise<CheckedUpload> {
  const name = cleanFileName(file.originalname, rules.maxNameChars);
  if (!name) throw refuseIn(rules.field, '文件名不能为空，请重命名后再上传');
  const claimed = typeFromName(name);
  if (!claimed || !rules.types.includes(claimed)) {
    const accepted = rules.types.map((t) => SUMMARY_FILE_TYPES[t].label).join('、');
    throw refuseIn(rules.field, `${rules.label}只能是 ${accepted} 文件，“${name}”不是`);
  }
  if (file.size === 0) throw refuseIn(rules.field, `文件“${name}”是空文件`);
  if (file.size > rules.maxBytes) throw refuseIn(rules.field, `文件“${name}”超过 ${rules.maxBytes / MB} MB，请压缩后再上传`);
  const actual = await sniffSummaryType(file.buffer);
  if (actual !== claimed) throw refuseIn(rules.field, `文件“${name}”不是 ${SUMMARY_FILE_TYPES[claimed].label} 文件`);
  return { name, type: actual, size: file.size, bytes: file.buffer };
}

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
  const rules: FileRules = {
    types: TYPES_BY_KIND[kind],
    maxBytes: SUMMARY_LIMITS.fileBytes,
    label: SUMMARY_KIND_LABELS[kind],
    field: 'files',
  };
  const checked: CheckedUpload[] = [];
  for (const file of incoming) checked.push(await checkFile(file, rules));
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
