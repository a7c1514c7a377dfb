import { Module } from '@nestjs/common';
import { AsSetPreviewService } from './as-set-preview.service.js';
import { IrrRefreshService } from './irr-refresh.service.js';

/** IRR refresh and PrefixSet storage; needs `DataSource` and `IXORA_CONFIG`. */
@Module({
  providers: [IrrRefreshService, AsSetPreviewService],
  exports: [IrrRefreshService, AsSetPreviewService],
})
export class IrrModule {}
