import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators.js';
import { ReadinessService, type Readiness } from './readiness.service.js';

/**
 * Probes for load balancers and orchestrators, outside the versioned API: `live` answers while the
 * process serves HTTP; `ready` only when the database answers, migrations are current and every
 * route server's BIRD was read (503 with the reasons otherwise).
 */
@ApiExcludeController()
@Controller('health')
export class HealthProbesController {
  constructor(private readonly readiness: ReadinessService) {}

  @Public()
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Public()
  @Get('ready')
  async ready(@Res({ passthrough: true }) res: { status(code: number): unknown }): Promise<Readiness> {
    const readiness = await this.readiness.check();
    res.status(readiness.status === 'ready' ? 200 : 503);
    return readiness;
  }
}
