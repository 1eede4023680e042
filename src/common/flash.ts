import type { Request } from 'express';

/** Adds a message for the next page the user sees (POST → redirect → GET). */
export function flash(req: Request, type: 'success' | 'error' | 'info', text: string): void {
  if (!req.session) return;
  req.session.startedAt ??= Date.now();
  (req.session.flash ??= []).push({ type, text });
}

/** Takes the pending messages out of the session (touching it only when there are some). */
export function takeFlash(req: Request): { type: string; text: string }[] {
  const list = req.session?.flash;
  if (!list || list.length === 0) return [];
  delete req.session.flash;
  return list;
}
