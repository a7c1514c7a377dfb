import { Module } from '@nestjs/common';
import { DomainModule } from '@ixora/domain';
import { RouteImpactService } from './route-impact.service.js';

/** The route impact and the guarded deploy; needs `DataSource` and `IXORA_CONFIG` providers. */
@Module({ imports: [DomainModule], providers: [RouteImpactService], exports: [RouteImpactService] })
export class RouteImpactModule {}
