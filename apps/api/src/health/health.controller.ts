import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Public } from '../auth/auth.decorators.js';
import { HealthService, type Health } from './health.service.js';

const healthResponse = z.object({ status: z.enum(['ok', 'degraded']), database: z.enum(['ok', 'down']) });

/** For load balancers and `ixora serve` checks: answers without credentials, says nothing private. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Public()
  @Get()
  @ApiOkResponse({ standardSchema: healthResponse })
  @ApiServiceUnavailableResponse({
    description: 'the database does not answer',
    standardSchema: healthResponse,
  })
  async get(@Res({ passthrough: true }) res: { status(code: number): unknown }): Promise<Health> {
    const health = await this.health.check();
    res.status(health.status === 'ok' ? 200 : 503);
    return health;
  }
}
