import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { asnTransformer } from './column-types.js';

/** One loaded set of VRPs; exactly one snapshot is current. */
@Entity()
export class RpkiSnapshot {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'text' }) source: string;
  @Column({ type: 'text' }) format: string;
  @Column({ type: 'timestamptz', default: () => 'now()' }) loadedAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) generatedAt: Date | null;
  @Column({ type: 'integer' }) vrpCount: number;
  @Column({ type: 'boolean', default: false }) isCurrent: boolean;
}

/** A validated ROA payload: prefix, max length, ASN, trust anchor. */
@Entity()
export class Vrp {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ type: 'integer' }) snapshotId: number;
  @Column({ type: 'cidr' }) prefix: string;
  @Column({ type: 'smallint' }) maxLength: number;
  @Column({ type: 'bigint', transformer: asnTransformer }) asn: number;
  @Column({ type: 'text' }) trustAnchor: string;
}
