import 'express-session';

declare module 'express-session' {
  interface SessionData {
    /** Set when the session is first written; until then CSRF binds to no session. */
    startedAt?: number;
    userId?: number;
    /** A visitor's intent list key, before log-in (see IntentListService). */
    visitorKey?: string;
    /** A county's uploaded import sheet awaiting confirmation (see ProductImportService). */
    importFile?: { id: string; name: string; at: number };
    flash?: { type: 'success' | 'error' | 'info'; text: string }[];
  }
}
