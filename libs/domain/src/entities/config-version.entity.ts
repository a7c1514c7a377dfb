import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { BuildWarning } from '../route-server-config/member-irr.resolver.js';

export const VALIDATION_STATUSES = ['valid', 'invalid'] as const;
export type ValidationStatus = (typeof VALIDATION_STATUSES)[number];
export const DEPLOY_STATUSES = ['deployed', 'failed'] as const;
export type DeployStatus = (typeof DEPLOY_STATUSES)[number];

/** A rendered config for one RouteServer: text, hash, validation and deploy result. */
@Entity()
export class ConfigVersion {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'integer' }) routeServerId: number;
  @Column({ type: 'text' }) text: string;
  @Column({ type: 'text' }) sha256: string;
  @Column({ type: 'integer' }) sizeBytes: number;
  @Column({ type: 'timestamptz', default: () => 'now()' }) builtAt: Date;
  @Column({ type: 'integer' }) buildMs: number;
  @Column({ type: 'text' }) validationStatus: ValidationStatus;
  @Column({ type: 'text' }) validationOutput: string;
  @Column({ type: 'text', nullable: true }) deployStatus: DeployStatus | null;
  @Column({ type: 'timestamptz', nullable: true }) deployedAt: Date | null;
  @Column({ type: 'text', nullable: true }) deployOutput: string | null;
  /** What the build worked around (a member's unusable IRR data), each naming the member and the cause. */
  @Column({ type: 'jsonb', default: () => "'[]'::jsonb" }) warnings: BuildWarning[];
  /**
   * The policy model the text was rendered from, as gzip-compressed JSON (route impact, ADR 0020);
   * null for versions built before ixora kept it. Not loaded unless asked for.
   */
  @Column({ type: 'bytea', nullable: true, select: false }) modelGzip: Buffer | null;
  /** BGP sessions the deploy re-evaluated with `reload in` (their inputs changed); null until deployed. */
  @Column({ type: 'text', array: true, nullable: true }) reloadedSessions: string[] | null;
  /** The earlier version this one copies when it was made by `config rollback`; null for a build. */
  @Column({ type: 'integer', nullable: true }) rollbackOfId: number | null;
}
