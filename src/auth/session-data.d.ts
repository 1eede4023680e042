import 'express-session';

declare module 'express-session' {
  interface SessionData {
    /** Set when the session is first written; until then CSRF binds to no session. */
    startedAt?: number;
    userId?: number;
    /** A visitor has an intent list, keyed by this session's id (see IntentListItem). */
    visitorList?: boolean;
    /** A county's uploaded import sheet awaiting confirmation (see ProductImportService). */
    importFile?: { id: string; name: string; at: number };
    /** The organiser's uploaded target sheet awaiting confirmation, and the fair it is for (see TargetImportService). */
    targetImportFile?: { id: string; fairId: number; at: number };
    flash?: { type: 'success' | 'error' | 'info'; text: string }[];
  }
}
