/**
 * The two reference servers the benchmark compares the catalogue against, each answering
 * every GET with the same bytes the real page produced (read from BODY_FILE):
 *
 *   node bench-build/src/bench/floor-server.js framework   a NestJS app configured by the same
 *       configureApp() as production (request log, helmet, body parsers, cookies, static
 *       files, views, sessions, validation, API docs) with one route: the cost of the
 *       framework and the middleware every page pays.
 *   node bench-build/src/bench/floor-server.js physical    a bare node:http server: what the machine can do.
 *
 * Environment: PORT, DATA_DIR (the benchmark's SQLite database; the session store needs a
 * DataSource), BODY_FILE. Each runs in its own process, like the app, so that the load
 * generator never shares an event loop with the server it measures.
 */
import 'reflect-metadata';
import { Controller, Get, Header, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { DIST_DIR } from './bench-support';

// From the production build itself (dist/), not from the bench's own compilation: the floor is
// configured by exactly the configureApp() that serves the real page, and views and static
// files resolve beside dist/.
const fromDist = <T>(file: string): T => require(path.join(DIST_DIR, file)) as T;
const { configureApp } = fromDist<typeof import('../app.setup')>('app.setup');
const { loadOrCreateSessionSecret, SESSION_SECRET } = fromDist<typeof import('../auth/session-secret')>('auth/session-secret');
const { AppConfig, loadConfig } = fromDist<typeof import('../config/app-config')>('config/app-config');
const { databaseOptions } = fromDist<typeof import('../database/database-options')>('database/database-options');
const { RequestLoggingModule } = fromDist<typeof import('../ops/request-logging')>('ops/request-logging');

const body = fs.readFileSync(process.env.BODY_FILE ?? '');
const html = body.toString('utf8');

@Controller()
class FloorController {
  // A wildcard, so the floor is hit with exactly the URL (path and query) the real page is.
  @Get('*path')
  @Header('Content-Type', 'text/html; charset=utf-8')
  page(): string {
    return html;
  }
}

async function framework(): Promise<void> {
  const config = loadConfig();
  @Module({
    // Everything configureApp() takes from the app: the request logger, the config, the
    // session secret and the database (for the session store).
    imports: [RequestLoggingModule.forRoot(config)],
    controllers: [FloorController],
    providers: [
      { provide: AppConfig, useValue: config },
      { provide: SESSION_SECRET, useFactory: () => loadOrCreateSessionSecret(config) },
      { provide: DataSource, useFactory: () => new DataSource(databaseOptions(config)).initialize() },
    ],
  })
  class FloorModule {}
  const app = await NestFactory.create<NestExpressApplication>(FloorModule, { bodyParser: false, logger: ['error'] });
  configureApp(app);
  app.enableShutdownHooks();
  await app.listen(config.port, '127.0.0.1');
  console.log(`framework floor listening on ${config.port}`);
}

function physical(): void {
  const port = Number(process.env.PORT ?? 3000);
  http
    .createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': body.length });
      res.end(body);
    })
    .listen(port, '127.0.0.1', () => console.log(`physical floor listening on ${port}`));
}

const mode = process.argv[2];
if (mode === 'framework') {
  framework().catch((err) => {
    console.error(err);
    process.exit(1);
  });
} else if (mode === 'physical') {
  physical();
} else {
  console.error('usage: node bench-build/src/bench/floor-server.js framework|physical');
  process.exit(2);
}
