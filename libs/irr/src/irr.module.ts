import { Module } from '@nestjs/common';
import { IrrRefreshService } from './irr-refresh.service.js';

/** IRR refresh and PrefixSet storage; needs `DataSource` and `IXORA_CONFIG`. */
@Module({
  providers: [IrrRefreshService],
  exports: [IrrRefreshService],
})
export class IrrModule {}
