import { Module } from '@nestjs/common';
import { MemberOverviewService } from './member-overview.service.js';
import { MemberReadinessService } from './member-readiness.service.js';
import { OnboardingWizardService } from './onboarding-wizard.service.js';

/** The readiness report for Nest apps. Needs `DataSource` (and optionally `IXORA_CLOCK`) providers. */
@Module({
  providers: [MemberReadinessService, OnboardingWizardService, MemberOverviewService],
  exports: [MemberReadinessService, OnboardingWizardService, MemberOverviewService],
})
export class ReadinessModule {}
