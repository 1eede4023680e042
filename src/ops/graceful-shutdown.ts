import type { INestApplication, LoggerService } from '@nestjs/common';
import type { Server, ServerResponse } from 'node:http';
import { ShutdownState } from '../health/shutdown-state';

/** How long requests in flight may take to finish after SIGTERM before their connections are cut. */
export const SHUTDOWN_GRACE_MS = 10_000;
/** After the grace period, how long closing the app (database pool, hooks) may take before we give up. */
const SHUTDOWN_HARD_LIMIT_MS = SHUTDOWN_GRACE_MS + 10_000;

export const SHUTDOWN_SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];

/**
 * Stops the app gracefully on SIGTERM, SIGINT (Ctrl-C) or SIGHUP, and exits 0:
 *
 * 1. /health answers 503 from now on, and the server stops accepting connections;
 * 2. requests in flight run to the end (at most SHUTDOWN_GRACE_MS) — each answered with
 *    `Connection: close`, and idle kept-alive connections are closed at once, because
 *    Node's `server.close()` otherwise waits for every keep-alive connection to time out
 *    and keeps serving new requests that arrive on them;
 * 3. then `app.close()`: Nest's shutdown hooks, and TypeORM closes the database last.
 *
 * Used instead of Nest's `enableShutdownHooks()`, whose handler closes the app in an order
 * that runs module destroy hooks while requests are still in flight, and re-raises the
 * signal (the exit code is then not 0). A second signal exits at once with code 1.
 */
export function installGracefulShutdown(app: INestApplication, logger: LoggerService, graceMs = SHUTDOWN_GRACE_MS): void {
  const server = app.getHttpServer() as Server;
  const state = app.get(ShutdownState);
  const inFlight = new Set<ServerResponse>();

  server.on('request', (_req, res: ServerResponse) => {
    inFlight.add(res);
    if (state.shuttingDown) res.setHeader('Connection', 'close');
    res.on('close', () => {
      inFlight.delete(res);
      // A response that had already sent "keep-alive" leaves an idle connection behind.
      if (state.shuttingDown) setImmediate(() => server.closeIdleConnections());
    });
  });

  const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
    state.shuttingDown = true;
    setTimeout(() => {
      logger.error(`shutdown did not finish within ${SHUTDOWN_HARD_LIMIT_MS / 1000} s: exiting`, 'Shutdown');
      process.exit(1);
    }, SHUTDOWN_HARD_LIMIT_MS).unref();
    logger.log(
      `${signal}: no new connections; waiting for ${inFlight.size} request(s) in flight (at most ${graceMs / 1000} s)`,
      'Shutdown',
    );

    for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const cut = setTimeout(() => {
      logger.warn(`${inFlight.size} request(s) still running after ${graceMs / 1000} s: closing their connections`, 'Shutdown');
      server.closeAllConnections();
    }, graceMs);
    await closed;
    clearTimeout(cut);

    await app.close();
    logger.log('stopped', 'Shutdown');
    process.exit(0);
  };

  let stopping = false;
  for (const signal of SHUTDOWN_SIGNALS) {
    process.on(signal, () => {
      if (stopping) {
        logger.warn(`${signal} again: exiting without waiting`, 'Shutdown');
        process.exit(1);
      }
      stopping = true;
      shutdown(signal).catch((err: unknown) => {
        logger.error(`shutdown failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`, 'Shutdown');
        process.exit(1);
      });
    });
  }
}
