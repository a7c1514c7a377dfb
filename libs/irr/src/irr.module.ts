import { Module } from '@nestjs/common';
import { IrrRefreshService } from './irr-refresh.service.js';
import { PrefixSetRepository } from './prefix-set.repository.js';

/** IRR refresh and PrefixSet storage; needs `DataSource` and `IXORA_CONFIG`. */
@Module({
  providers: [IrrRefreshService, PrefixSetRepository],
  exports: [IrrRefreshService, PrefixSetRepository],
})
export class IrrModule {}
