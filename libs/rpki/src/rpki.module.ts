import { Module } from '@nestjs/common';
import { RpkiSnapshotService } from './rpki-snapshot.service.js';

/** RPKI snapshots and coverage; needs `DataSource` and `IXORA_CONFIG`. */
@Module({ providers: [RpkiSnapshotService], exports: [RpkiSnapshotService] })
export class RpkiModule {}
