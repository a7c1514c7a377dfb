import { Controller, Get, Header, UseGuards, UseInterceptors } from '@nestjs/common';
import {
  ApiExcludeEndpoint,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { ExchangeSummaryService, type ExchangeReport } from '@ixora/exchange-health';
import { Public } from '../auth/auth.decorators.js';
import { apiErrorSchema } from '../common/error.schema.js';
import { LgCacheHeaderInterceptor } from '../lg/lg-cache-header.interceptor.js';
import { LgRateLimitGuard } from '../lg/lg-rate-limit.guard.js';
import { exchangeResponse } from '../lg/lg.schemas.js';
import { exchangePageView } from './exchange.views.js';
import { PageRenderer } from './page.renderer.js';

/**
 * The exchange's public health figures: the page `/exchange` and its JSON twin
 * `/api/lg/v1/exchange`, both from the daily rows the worker stores. Nothing here names a member.
 */
@ApiTags('looking glass')
@Public()
@UseGuards(LgRateLimitGuard)
@UseInterceptors(LgCacheHeaderInterceptor)
@Controller()
export class ExchangeController {
  constructor(
    private readonly summaries: ExchangeSummaryService,
    private readonly pages: PageRenderer,
  ) {}

  @Get('exchange')
  @ApiExcludeEndpoint()
  @Header('content-type', 'text/html; charset=utf-8')
  async page(): Promise<string> {
    return this.pages.render(
      'exchange',
      'The exchange in figures',
      exchangePageView(await this.summaries.report()),
    );
  }

  @Get('api/lg/v1/exchange')
  @ApiOperation({
    summary:
      "the exchange's public health figures: members, route-server participants, IPv6, RPKI and IRR shares of received routes, MANRS actions; 90 days and 12 months of history",
  })
  @ApiOkResponse({ standardSchema: exchangeResponse })
  @ApiTooManyRequestsResponse({
    description: 'rate limit per client; see Retry-After',
    standardSchema: apiErrorSchema,
  })
  json(): Promise<ExchangeReport> {
    return this.summaries.report();
  }
}
