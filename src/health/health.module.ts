import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { RateLimitsModule } from '../rate-limits/rate-limits.module';
import { HealthController } from './health.controller';
import { ShutdownState } from './shutdown-state';

/** GET /health (readiness: database reachable; Redis reported when configured) and /health/live, and the shutdown flag they report. */
@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json' }), RateLimitsModule],
  controllers: [HealthController],
  providers: [ShutdownState],
  exports: [ShutdownState],
})
export class HealthModule {}
