import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface Health {
  readonly status: 'ok' | 'degraded';
  readonly database: 'ok' | 'down';
}

@Injectable()
export class HealthService {
  constructor(private readonly dataSource: DataSource) {}

  async check(): Promise<Health> {
    const isDatabaseUp = await this.dataSource.query('SELECT 1').then(
      () => true,
      () => false,
    );
    return { status: isDatabaseUp ? 'ok' : 'degraded', database: isDatabaseUp ? 'ok' : 'down' };
  }
}
