import { MB } from '../../summaries/summary-limits';
import { uploadInterceptor } from '../../summaries/summary-upload.interceptor';
import type { FileRules } from '../../summaries/summary-upload-checks';
import { DONATION_TEXT_LIMITS } from '../donation-limits';

/**
 * 付款凭证: the scan of a payment voucher a county may attach to a disbursement. A PDF, JPEG or
 * PNG (recognised by its bytes, with the summaries' checks), at most VOUCHER_MAX_BYTES: a
 * voucher scanned at 300 dpi is 1–3 MB.
 *
 * NOT PUBLIC, deliberately: a voucher (银行回单, 转账凭证) usually shows the payer's and the
 * payee's bank account numbers and, for money paid to households, the recipients' names and
 * sometimes their ID numbers. The public project page shows a disbursement's date, payee,
 * purpose and amount only (DisbursementsService.forProject); the voucher itself is served only
 * to the project's county office and the organiser, who can show it to an auditor or answer an
 * objection with it. Publishing vouchers would need a redaction step this app does not have.
 */
export const VOUCHER_MAX_BYTES = 10 * MB;

export const VOUCHER_RULES: FileRules = {
  types: ['pdf', 'jpeg', 'png'],
  maxBytes: VOUCHER_MAX_BYTES,
  label: '付款凭证',
  field: 'attachment',
  maxNameChars: DONATION_TEXT_LIMITS.fileName,
};

/** Blob keys of vouchers are ours: 32 hex characters and the type's extension. Anything else is never looked up. */
export const VOUCHER_KEY_PATTERN = /^[0-9a-f]{32}\.(pdf|jpg|png)$/;

/** Parses the disbursement form (multipart: four text fields and an optional `attachment`). */
export const VoucherUploadInterceptor = uploadInterceptor({
  field: 'attachment',
  maxFiles: 1,
  fileBytes: VOUCHER_MAX_BYTES,
  requestBytes: VOUCHER_MAX_BYTES,
  textFields: 8,
  messages: {
    fileTooLarge: `付款凭证不能超过 ${VOUCHER_MAX_BYTES / MB} MB，请压缩后再上传`,
    tooManyFiles: '每笔资金使用只能附一个付款凭证文件',
    requestTooLarge: `付款凭证不能超过 ${VOUCHER_MAX_BYTES / MB} MB，请压缩后再上传`,
  },
});
