import { AppError } from '../../common/app-error';
import { MAX_FILE_LABEL, MAX_UNCOMPRESSED_BYTES } from './import-limits';

/** What the import says about a file it cannot read; the messages are for a county clerk. */

export const NOT_XLSX_MESSAGE = '请上传 .xlsx 格式的 Excel 文件（可在 Excel/WPS 中“另存为 .xlsx”）';
export const CORRUPT_MESSAGE = '文件已损坏，无法读取。请在 Excel/WPS 中打开确认内容无误，重新“另存为 .xlsx”后再上传';
export const TOO_LARGE_MESSAGE = `文件超过 ${MAX_FILE_LABEL}，请删去图片等与导入无关的内容，或分成几个文件后重新上传`;
export const UNPACKED_TOO_LARGE_MESSAGE = `文件解压后的内容超过 ${MAX_UNCOMPRESSED_BYTES / 1024 / 1024} MB，已拒绝读取。请只保留要导入的数据（删除图片等），或把数据复制到新下载的模板中再上传`;
export const TOO_MANY_CELLS_MESSAGE =
  '工作表中的单元格过多（可能对大片空白区域设置了格式或边框）。请把要导入的数据“选择性粘贴 → 数值”到新下载的模板中再上传';
export const TOO_MUCH_TEXT_MESSAGE =
  '表格中的文字内容过多，不像是导入模板，已拒绝读取。请只保留要导入的数据，或把数据复制到新下载的模板中再上传';

/** A file the import cannot read at all: shown above the upload form (422); nothing is written. */
export function refuseFile(message: string): AppError {
  return AppError.validation({}, message);
}
