import { Module } from '@nestjs/common';
import { HealthProbesController } from '../health/health-probes.controller.js';
import { ReadinessService } from '../health/readiness.service.js';
import { LgModule } from '../lg/lg.module.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';

/** Operations: `GET /metrics` (Prometheus) and the `/health/live`, `/health/ready` probes. */
@Module({
  imports: [LgModule],
  controllers: [MetricsController, HealthProbesController],
  providers: [MetricsService, ReadinessService],
  exports: [MetricsService, ReadinessService],
})
export class OpsModule {}
