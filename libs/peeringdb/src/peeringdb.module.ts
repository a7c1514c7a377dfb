import { Inject, Injectable, Module, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IXORA_CLOCK, IXORA_CONFIG, systemClock, type Clock, type IxoraConfig } from '@ixora/config';
import { PeeringDbCheckService } from './peeringdb-check.service.js';
import { PeeringDbOnboardingService } from './member-onboarding.service.js';
import { PeeringDbClient } from './peeringdb.client.js';
import { PeeringDbApiSource, PeeringDbMirrorSource, type PeeringDbSource } from './peeringdb.source.js';
import {
  syncPeeringDb,
  type PeeringDbSyncOptions,
  type PeeringDbSyncResult,
} from './peeringdb-sync.service.js';

/** `syncPeeringDb` with the configured client, for apps and jobs. */
@Injectable()
export class PeeringDbSyncService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly client: PeeringDbClient,
    /** Decides when a type is due for a full sync again. */
    @Optional() @Inject(IXORA_CLOCK) private readonly clock: Clock = systemClock,
  ) {}

  sync(options: PeeringDbSyncOptions = {}): Promise<PeeringDbSyncResult> {
    return syncPeeringDb(this.dataSource, this.client, { now: () => this.clock.now(), ...options });
  }

  /** Where onboarding reads: the live API, or the mirror (after a sync; no requests). */
  source(kind: 'api' | 'mirror'): PeeringDbSource {
    return kind === 'api'
      ? new PeeringDbApiSource(this.client)
      : new PeeringDbMirrorSource(this.dataSource.manager);
  }
}

const SERVICES = [PeeringDbSyncService, PeeringDbOnboardingService, PeeringDbCheckService];

/**
 * PeeringDB for Nest apps: the client built from `PEERINGDB_URL` / `PEERINGDB_API_KEY`, the sync,
 * onboarding and consistency-report services. Needs `DataSource` and `IXORA_CONFIG` providers.
 */
@Module({
  providers: [
    {
      provide: PeeringDbClient,
      inject: [IXORA_CONFIG],
      useFactory: (config: IxoraConfig) => PeeringDbClient.fromConfig(config),
    },
    ...SERVICES,
  ],
  exports: [PeeringDbClient, ...SERVICES],
})
export class PeeringDbModule {}
