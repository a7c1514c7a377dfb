import { Module } from '@nestjs/common';
import { DomainModule } from '@ixora/domain';
import { MemberRoutingService } from '@ixora/member-routing';
import { LgModule } from '../lg/lg.module.js';

/** A member's routes and routing hygiene, for the portal pages and the API (one service, the looking glass's snapshots). */
@Module({
  imports: [DomainModule, LgModule],
  providers: [MemberRoutingService],
  exports: [MemberRoutingService],
})
export class MemberRoutingModule {}
