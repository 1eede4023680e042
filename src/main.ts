import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import type { AddressInfo } from 'node:net';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { loadConfig } from './config/app-config';
import { keepCreatedFilesPrivate } from './config/private-files';
import { installGracefulShutdown } from './ops/graceful-shutdown';
import { DemoSeeder } from './seed/demo-seeder';

async function bootstrap(): Promise<void> {
  keepCreatedFilesPrivate();
  const config = loadConfig();
  // Nest's own messages go through pino as JSON lines, like the request log (LOG_LEVEL).
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bodyParser: false, bufferLogs: true });
  const logger = app.get(Logger);
  app.useLogger(logger);
  configureApp(app);
  installGracefulShutdown(app, logger);

  let seeded = false;
  if (config.seedDemo) seeded = await app.get(DemoSeeder).seedIfEmpty();

  await app.listen(config.port);
  const url = `http://localhost:${(app.getHttpServer().address() as AddressInfo).port}`;
  const where = config.databaseUrl ? 'PostgreSQL' : config.sqlitePath;
  logger.log(`listening on ${url} (database: ${where})`, 'Bootstrap');
  // The banner is for a person at a terminal or trying the demo; a deployment's stdout stays JSON only.
  if (process.stdout.isTTY || config.seedDemo) {
    console.log(`\n消费扶贫展销会平台已启动: ${url}  (database: ${where})`);
    if (config.seedDemo) console.log(DemoSeeder.loginHelp(seeded));
  }
}

bootstrap().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
