import type { NextFunction, Request, Response } from 'express';

/*
 * The app's only patches of Express's response methods. Each is a patch because the work
 * must happen at the moment a response renders or redirects, whoever calls it: controllers,
 * Nest's @Render, the exception filter's error pages. (The other patch in the app, of
 * TypeORM's SQLite runner, is database/sqlite-transaction-gate.ts.)
 */

type RenderCallback = (err: Error, html: string) => void;

/**
 * Makes this response's res.render first await `load` and merge what it returns into
 * res.locals. Lazy on purpose: a redirect or a JSON answer loads nothing, and something taken
 * once (a flash message) is taken only by the page that shows it. A failing load goes to the
 * render callback, or else to the error handler.
 */
export function addLocalsAtRender(req: Request, res: Response, load: () => Promise<Record<string, unknown>>): void {
  const render = res.render.bind(res);
  res.render = ((view: string, options?: object | RenderCallback, callback?: RenderCallback) => {
    const locals = typeof options === 'object' ? options : {};
    const cb = typeof options === 'function' ? (options as RenderCallback) : callback;
    load()
      .then((values) => {
        Object.assign(res.locals, values);
        render(view, locals, cb);
      })
      .catch((err) => (cb ? cb(err, '') : req.next?.(err)));
  }) as Response['render'];
}

/**
 * Middleware: res.redirect saves the session first. express-session saves a changed session
 * when the response ends, but a redirect's headers can reach the browser first: on
 * PostgreSQL the next page then loaded the old session (a flash message or a visitor's first
 * list item appeared one page late). A request without a session still writes nothing.
 */
export function saveSessionBeforeRedirect(req: Request, res: Response, next: NextFunction): void {
  const redirect = res.redirect.bind(res) as (...args: unknown[]) => void;
  res.redirect = ((...args: unknown[]) => {
    if (!req.session?.startedAt) return redirect(...args);
    req.session.save(() => redirect(...args));
  }) as Response['redirect'];
  next();
}
