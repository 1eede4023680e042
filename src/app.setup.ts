import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import type { Express, NextFunction, Request, Response } from 'express';
import session from 'express-session';
import * as fs from 'node:fs';
import * as path from 'node:path';
import hbs from 'hbs';
import helmet from 'helmet';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { SESSION_SECRET } from './auth/session-secret';
import { TypeormSessionStore } from './auth/typeorm-session-store';
import { FairsModule } from './fairs/fairs.module';
import { CatalogueModule } from './catalogue/catalogue.module';
import { DonationPublicModule } from './donations/public/donation-public.module';
import { saveSessionBeforeRedirect } from './common/response-patches';
import { createValidationPipe } from './common/validation';
import { viewHelpers } from './common/view-helpers';
import { AppConfig } from './config/app-config';
import { applyHttpTimeouts } from './config/http-timeouts';
import { RequestLogger } from './ops/request-logging';

export const ROOT_DIR = path.resolve(__dirname, '..');
export const VIEWS_DIR = path.join(ROOT_DIR, 'views');
export const PUBLIC_DIR = path.join(ROOT_DIR, 'public');
export const SESSION_COOKIE = 'fupin.sid';
const SESSION_TTL_MS = 8 * 60 * 60 * 1000;

/** Registers every partial synchronously (hbs.registerPartials is asynchronous). */
function registerPartials(dir: string): void {
  for (const file of fs.readdirSync(dir)) {
    if (!file.endsWith('.hbs')) continue;
    hbs.registerPartial(path.basename(file, '.hbs'), fs.readFileSync(path.join(dir, file), 'utf8'));
  }
}

/**
 * Icons that browsers and share previews ask for at the site's root whatever the page links
 * (every first visit asked for /favicon.ico). Answered before sessions: they never start one.
 */
function serveRootIcons(app: NestExpressApplication): void {
  const express = app.getHttpAdapter().getInstance() as Express;
  for (const name of ['favicon.ico', 'apple-touch-icon.png']) {
    const file = path.join(PUBLIC_DIR, 'icons', name);
    express.get(`/${name}`, (_req, res) => res.sendFile(file, { maxAge: '7d' }));
  }
}

/** Share cards need an absolute og:image: the layout gets the address the page was asked at. */
function siteOrigin(req: Request, res: Response, next: NextFunction): void {
  res.locals.siteOrigin = `${req.protocol}://${req.get('host') ?? 'localhost'}`;
  next();
}

/**
 * Everything between "the Nest app exists" and "it may listen": views, static files,
 * security headers, body limits, sessions, validation. Used by main.ts and by the tests,
 * so the tests exercise exactly what runs in production.
 */
export function configureApp(app: NestExpressApplication): void {
  const config = app.get(AppConfig);
  app.set('trust proxy', config.trustProxy);
  applyHttpTimeouts(app.getHttpServer(), config);
  app.disable('x-powered-by');
  // First of all, so every request is logged (also those refused below) with its whole duration.
  app.use(app.get(RequestLogger).middleware);

  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'img-src': ["'self'", 'data:'],
          'form-action': ["'self'"],
          // Plain http on a LAN address must keep working: no forced upgrade.
          'upgrade-insecure-requests': config.cookieSecure ? [] : null,
        },
      },
      // Only meaningful behind HTTPS.
      strictTransportSecurity: config.cookieSecure,
    }),
  );

  // Body limits: 1 MB of form text is far beyond any real form (uploads are multipart).
  app.useBodyParser('urlencoded', { extended: false, limit: '1mb', parameterLimit: 2000 });
  app.useBodyParser('json', { limit: '1mb' });
  app.use(cookieParser());

  app.useStaticAssets(PUBLIC_DIR, { prefix: '/static/', maxAge: '1h' });
  serveRootIcons(app);
  app.use(siteOrigin);
  app.setBaseViewsDir(VIEWS_DIR);
  app.setViewEngine('hbs');
  app.set('view options', { layout: 'layout' });
  registerPartials(path.join(VIEWS_DIR, 'partials'));
  for (const [name, fn] of Object.entries(viewHelpers)) hbs.registerHelper(name, fn);

  // Sessions live in the database; a session is written only once something is stored in it.
  app.use(
    session({
      name: SESSION_COOKIE,
      secret: app.get<string>(SESSION_SECRET),
      store: new TypeormSessionStore(app.get(DataSource)),
      resave: false,
      saveUninitialized: false,
      rolling: false,
      cookie: { httpOnly: true, sameSite: 'lax', secure: config.cookieSecure, maxAge: SESSION_TTL_MS },
    }),
  );

  app.use(saveSessionBeforeRedirect);

  app.useGlobalPipes(createValidationPipe());

  // The JSON API's OpenAPI document, generated from the decorators of the API controllers'
  // modules (add a module here when it gains /api routes): UI at /api/docs, served by the app
  // itself from swagger-ui-dist (no CDN), the document at /api/docs-json.
  const apiDocument = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('消费扶贫展销会 · 公开数据接口')
      .setDescription('只读接口：参展县区、已发布的扶贫产品、公开的认领认捐项目和到账捐款（捐赠公示）。金额均为整数“分”。无需登录。')
      .setVersion('1')
      .build(),
    { include: [CatalogueModule, FairsModule, DonationPublicModule] },
  );
  SwaggerModule.setup('api/docs', app, apiDocument, {
    jsonDocumentUrl: 'api/docs-json',
    customSiteTitle: '公开数据接口文档',
    swaggerOptions: { validatorUrl: null },
  });
}
