import type { Request } from 'express';
import { AppError } from './app-error';

/** What a confirmation page says before a destructive action (withdraw, delete, cancel, return, close). */
export interface Confirmation {
  /** The question, naming the record: 撤回采购意向 SZ-…？ */
  title: string;
  /** What will happen, one sentence a line. */
  consequences: string[];
  /** The confirming button: 确认撤回. */
  confirmLabel: string;
  /** Where 取消 leads: the page the action was started from. */
  back: string;
}

/**
 * Thrown by confirmFirst(): the exception filter answers it with the confirmation page
 * (200), whose form posts the same fields again with confirmed=1. Nothing has been written.
 */
export class ConfirmationRequired extends Error {
  constructor(readonly confirmation: Confirmation) {
    super(confirmation.title);
  }
}

/** Whether the form carries the confirmation (the confirmation page's button sends confirmed=1). */
export function isConfirmed(req: Request): boolean {
  return (req.body as Record<string, unknown> | undefined)?.confirmed === '1';
}

/**
 * A destructive action goes ahead only when confirmed; otherwise the user sees what will
 * happen first. Works without JavaScript: the confirmation is a page, not a dialog.
 * `describe` should load the record through its access check, so a confirmation page is
 * never shown for a record the user may not touch.
 */
export async function confirmFirst(req: Request, describe: () => Confirmation | Promise<Confirmation>): Promise<void> {
  if (isConfirmed(req)) return;
  // Only the confirmation page's button sends the field, and only as "1": anything else was made by hand.
  if ((req.body as Record<string, unknown> | undefined)?.confirmed !== undefined) {
    throw AppError.validation({ confirmed: [CONFIRM_ON_PAGE] }, CONFIRM_ON_PAGE);
  }
  throw new ConfirmationRequired(await describe());
}

const CONFIRM_ON_PAGE = '请在确认页面上点“确认”按钮后再提交';

/** Fields the confirmation page's form sends again as hidden inputs (the token is its own). */
export function resentFields(body: unknown): { name: string; value: string }[] {
  if (!body || typeof body !== 'object') return [];
  const out: { name: string; value: string }[] = [];
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (name === '_csrf' || name === 'confirmed') continue;
    for (const v of [value].flat()) if (typeof v === 'string') out.push({ name, value: v });
  }
  return out;
}
