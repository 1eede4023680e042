/** `npm run seed`: loads the demo data into the configured database (idempotent). */
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { loadConfig } from '../config/app-config';
import { keepCreatedFilesPrivate } from '../config/private-files';
import { DemoSeeder } from './demo-seeder';

async function main(): Promise<void> {
  keepCreatedFilesPrivate();
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(loadConfig()), { logger: ['error', 'warn'] });
  await app.get(DemoSeeder).seed();
  console.log(DemoSeeder.loginHelp(true));
  await app.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
