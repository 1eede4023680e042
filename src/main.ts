import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { loadConfig } from './config/app-config';
import { DemoSeeder } from './seed/demo-seeder';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bodyParser: false });
  configureApp(app);
  app.enableShutdownHooks();

  let seeded = false;
  if (config.seedDemo) seeded = await app.get(DemoSeeder).seedIfEmpty();

  await app.listen(config.port);
  const url = `http://localhost:${config.port}`;
  const where = config.databaseUrl ? 'PostgreSQL' : config.sqlitePath;
  console.log(`\n消费扶贫展销会平台已启动: ${url}  (database: ${where})`);
  if (config.seedDemo) console.log(DemoSeeder.loginHelp(seeded));
}

bootstrap().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
