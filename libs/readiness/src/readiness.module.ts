import { Module } from '@nestjs/common';
import { MemberReadinessService } from './member-readiness.service.js';

/** The readiness report for Nest apps. Needs `DataSource` (and optionally `IXORA_CLOCK`) providers. */
@Module({ providers: [MemberReadinessService], exports: [MemberReadinessService] })
export class ReadinessModule {}
