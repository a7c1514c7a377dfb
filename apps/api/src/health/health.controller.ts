import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { Public } from '../auth/auth.decorators.js';

const healthResponse = z.object({ status: z.enum(['ok', 'degraded']), database: z.enum(['ok', 'down']) });
type HealthResponse = z.output<typeof healthResponse>;

/** For load balancers and `ixora serve` checks: answers without credentials, says nothing private. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  @Public()
  @Get()
  @ApiOkResponse({ standardSchema: healthResponse })
  @ApiServiceUnavailableResponse({ standardSchema: healthResponse })
  async health(@Res({ passthrough: true }) res: { status(code: number): unknown }): Promise<HealthResponse> {
    const isUp = await this.dataSource.query('SELECT 1').then(
      () => true,
      () => false,
    );
    res.status(isUp ? 200 : 503);
    return { status: isUp ? 'ok' : 'degraded', database: isUp ? 'ok' : 'down' };
  }
}
