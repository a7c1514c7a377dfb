import { createHash, timingSafeEqual } from 'node:crypto';
import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IXORA_CONFIG, type IxoraConfig } from '@ixora/config';
import { IxoraError } from '@ixora/errors';
import { Public } from '../auth/auth.decorators.js';
import { MetricsService } from './metrics.service.js';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * `GET /metrics` for Prometheus. Not an API token: with `METRICS_TOKEN` set the scraper sends
 * `Authorization: Bearer METRICS_TOKEN`; unset, the figures are open (bind to a private address).
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(IXORA_CONFIG) private readonly config: IxoraConfig,
  ) {}

  @Public()
  @Get()
  async get(
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) res: { type(contentType: string): unknown },
  ): Promise<string> {
    const token = this.config.metricsToken;
    if (token !== undefined) {
      const given = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1] ?? '';
      // Compared as digests: equal length, constant time.
      if (!timingSafeEqual(digest(given), digest(token))) {
        throw new IxoraError('unauthorized', 'metrics need Authorization: Bearer METRICS_TOKEN');
      }
    }
    const { contentType, text } = await this.metrics.scrape();
    res.type(contentType);
    return text;
  }
}
