import { Injectable, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { IXORA_CONFIG, type IxoraConfig } from '@ixora/config';
import { DomainModule } from '@ixora/domain';
import { ExchangeHealthModule } from '@ixora/exchange-health';
import { LookingGlassService } from '@ixora/looking-glass';
import { AssetsController } from '../pages/assets.controller.js';
import { ExchangeController } from '../pages/exchange.controller.js';
import { PagesController } from '../pages/pages.controller.js';
import { PageRenderer } from '../pages/page.renderer.js';
import { LgCacheHeaderInterceptor } from './lg-cache-header.interceptor.js';
import { LgRateLimitGuard } from './lg-rate-limit.guard.js';
import { LgViewerResolver } from './lg-viewer.resolver.js';
import { LgController } from './lg.controller.js';
import { DatabaseLgDirectory } from './lg.directory.js';

/** Starts the background reads with the app and stops them (and closes BIRD connections) with it. */
@Injectable()
class LgLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(private readonly lg: LookingGlassService) {}

  onApplicationBootstrap(): void {
    this.lg.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.lg.stop();
  }
}

/**
 * The looking glass: `/api/lg/v1` and the public web pages (`/`, neighbor pages, search, the
 * exchange's figures at `/exchange`, their stylesheet).
 */
@Module({
  imports: [DomainModule, ExchangeHealthModule],
  controllers: [LgController, PagesController, ExchangeController, AssetsController],
  providers: [
    DatabaseLgDirectory,
    LgViewerResolver,
    LgRateLimitGuard,
    LgCacheHeaderInterceptor,
    PageRenderer,
    LgLifecycle,
    {
      provide: LookingGlassService,
      inject: [IXORA_CONFIG, DatabaseLgDirectory],
      useFactory: (config: IxoraConfig, directory: DatabaseLgDirectory) =>
        new LookingGlassService(directory, {
          refreshIntervalMs: config.lgRefreshSeconds * 1000,
          cacheTtlMs: config.lgCacheSeconds * 1000,
          defaultSocket: config.birdSocket,
          agentTokens: config.agentTokens,
        }),
    },
  ],
  exports: [LookingGlassService],
})
export class LgModule {}
