/**
 * Structured logs: one JSON line per request (method, path, status, response time, request
 * id) and every message of Nest and of our code as JSON through the same pino logger, with
 * the request id attached to whatever is logged while a request is handled.
 *
 * What is never logged: bodies, cookies, the Authorization header, session data, and query
 * string values (a search term can be a person's name; `_csrf` is a token) — only the
 * query's parameter names.
 */
import { DynamicModule, Module } from '@nestjs/common';
import type { Request } from 'express';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pino, type DestinationStream, type Logger } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';
import type { AppConfig } from '../config/app-config';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** An incoming id is kept only when it cannot break a log line or smuggle text into it. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/** The load balancer polls these every few seconds: successes are logged at debug only. */
const HEALTH_PATH = /^\/health(\/|$)/;

/** Defence in depth: the serializers below never emit these, but app code might log an object that holds them. */
const REDACT = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  'headers.cookie',
  'headers.authorization',
  'password',
  '*.password',
  '_csrf',
  '*._csrf',
  'session',
  '*.session',
];

function pathOf(req: IncomingMessage): string {
  const url = (req as Request).originalUrl ?? req.url ?? '';
  return url.split('?')[0];
}

/** Names of the query parameters, never their values. */
function queryKeys(req: IncomingMessage): string[] | undefined {
  const url = (req as Request).originalUrl ?? req.url ?? '';
  const q = url.indexOf('?');
  if (q < 0) return undefined;
  const keys = [...new Set(new URLSearchParams(url.slice(q + 1)).keys())].sort();
  return keys.length > 0 ? keys : undefined;
}

/** The client's X-Request-Id when it looks sane, otherwise a new UUID; echoed in the response. */
export function requestIdFor(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader(REQUEST_ID_HEADER, id);
  return id;
}

/** The app's root pino logger and the pino-http middleware built on it. */
export class RequestLogger {
  constructor(
    readonly root: Logger,
    readonly middleware: HttpLogger,
  ) {}
}

/** `destination` is for tests; the app writes to stdout (synchronously, so nothing is lost at exit). */
export function createRequestLogger(config: AppConfig, destination?: DestinationStream): RequestLogger {
  const root = pino(
    {
      level: config.logLevel,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT, censor: '[redacted]' },
    },
    destination,
  );
  const middleware = pinoHttp({
    logger: root,
    genReqId: requestIdFor,
    // The request's own logger carries only the id: app logs inside a request get `reqId`.
    quietReqLogger: true,
    wrapSerializers: false,
    serializers: {
      req: (req: IncomingMessage) => ({ method: req.method, path: pathOf(req), query: queryKeys(req), ip: (req as Request).ip }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
      err: pino.stdSerializers.err,
    },
    customLogLevel: (req, res, err) => {
      if (err || res.statusCode >= 500) return 'error';
      if (!res.writableFinished) return 'warn';
      return HEALTH_PATH.test(pathOf(req)) ? 'debug' : 'info';
    },
    customSuccessMessage: (_req, res) => (res.writableFinished ? 'request completed' : 'request aborted'),
    customErrorMessage: () => 'request failed',
    // A 5xx is explained by the error filter's own line (with the stack) under the same reqId;
    // pino-http's stand-in error ("failed with status code 500") would only add noise.
    customErrorObject: (_req, _res, err, value: Record<string, unknown>) =>
      /^failed with status code/.test(err.message) ? { ...value, err: undefined } : value,
  });
  return new RequestLogger(root, middleware);
}

/**
 * Makes nestjs-pino's Logger (used by main.ts as the app logger) write through our root
 * logger. The request middleware is mounted by configureApp() as the very first middleware,
 * so requests refused by helmet, the body parser or the session store are logged too and
 * the response time covers the whole request; nestjs-pino only binds each request's logger
 * (`useExisting`). Not global: only configureApp() asks for RequestLogger (app.get finds it in
 * any module), and nestjs-pino's own LoggerModule is global by itself.
 */
@Module({})
export class RequestLoggingModule {
  static forRoot(config: AppConfig): DynamicModule {
    const logging = createRequestLogger(config);
    return {
      module: RequestLoggingModule,
      imports: [LoggerModule.forRoot({ pinoHttp: { logger: logging.root }, useExisting: true })],
      providers: [{ provide: RequestLogger, useValue: logging }],
      exports: [RequestLogger],
    };
  }
}
