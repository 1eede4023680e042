import 'express-session';

declare module 'express-session' {
  interface SessionData {
    /** Set when the session is first written; until then CSRF binds to no session. */
    startedAt?: number;
    userId?: number;
    flash?: { type: 'success' | 'error' | 'info'; text: string }[];
  }
}
