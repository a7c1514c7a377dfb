import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { WebCoreModule } from '../web-core.module.js';
import { readFormsFor } from '../web-pages.js';
import { SourcePagesController } from './source-pages.controller.js';

/** The staff console's data-sources page (`/admin/sources`). */
@Module({
  imports: [WebCoreModule],
  controllers: [SourcePagesController],
})
export class SourcePagesModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    readFormsFor(consumer, [SourcePagesController]);
  }
}
