import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditPageModule } from './audit/audit-page.module';
import { AuthModule } from './auth/auth.module';
import { CatalogueModule } from './catalogue/catalogue.module';
import { BuyersModule } from './buyers/buyers.module';
import { createCsrf, CsrfGuard, CSRF_UTILITIES } from './auth/csrf';
import { RolesGuard } from './auth/roles.guard';
import { loadOrCreateSessionSecret, SESSION_SECRET } from './auth/session-secret';
import { AppExceptionFilter } from './common/app-exception.filter';
import { FormViewInterceptor } from './common/form-view';
import { AppConfig } from './config/app-config';
import { CountiesModule } from './counties/counties.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { DonationsModule } from './donations/donations.module';
import { HealthModule } from './health/health.module';
import { ExportsModule } from './exports/exports.module';
import { databaseOptions } from './database/database-options';
import { runMigrationsLocked } from './database/run-migrations';
import { installSqliteTransactionGate } from './database/sqlite-transaction-gate';
import { IntentsModule } from './intents/intents.module';
import { ObjectionsModule } from './objections/objections.module';
import { RequestLoggingModule } from './ops/request-logging';
import { ProductsModule } from './products/products.module';
import { RateLimitsModule } from './rate-limits/rate-limits.module';
import { SeedModule } from './seed/seed.module';
import { SummariesModule } from './summaries/summaries.module';
import { FairsModule } from './fairs/fairs.module';
import { TargetsModule } from './targets/targets.module';
import { FairsAdminModule } from './fairs/fairs-admin.module';
import { TransparencyModule } from './transparency/transparency.module';

/** Config, database (migrated before anything uses it), security wiring and the feature modules. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      // Global: the config, the session secret and the CSRF utilities are read by guards and middleware in every module.
      global: true,
      imports: [
        RequestLoggingModule.forRoot(config),
        TypeOrmModule.forRootAsync({
          useFactory: () => databaseOptions(config),
          dataSourceFactory: async (options) => {
            const dataSource = await new DataSource(options!).initialize();
            installSqliteTransactionGate(dataSource);
            await runMigrationsLocked(dataSource);
            return dataSource;
          },
        }),
        // Rate-limit counters in Redis when REDIS_URL is set (shared by the instances), in memory otherwise.
        RateLimitsModule.throttler(),
        FairsModule,
        FairsAdminModule,
        AuditPageModule,
        AuthModule,
        CountiesModule,
        BuyersModule,
        ProductsModule,
        IntentsModule,
        TargetsModule,
        DonationsModule,
        DashboardModule,
        CatalogueModule,
        ObjectionsModule,
        TransparencyModule,
        ExportsModule,
        SummariesModule,
        SeedModule,
        HealthModule,
      ],
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: SESSION_SECRET, useFactory: () => loadOrCreateSessionSecret(config) },
        {
          provide: CSRF_UTILITIES,
          inject: [SESSION_SECRET],
          useFactory: (secret: string) => createCsrf(secret, config.cookieSecure),
        },
        { provide: APP_GUARD, useClass: CsrfGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
        { provide: APP_INTERCEPTOR, useClass: FormViewInterceptor },
        { provide: APP_FILTER, useClass: AppExceptionFilter },
      ],
      exports: [AppConfig, SESSION_SECRET, CSRF_UTILITIES],
    };
  }
}
