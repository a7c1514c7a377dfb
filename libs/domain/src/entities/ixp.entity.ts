import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { asnArrayTransformer, inetTransformer } from './column-types.js';
import { ImportPolicyColumns } from './import-policy.columns.js';

@Entity()
export class Ixp {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'text' }) shortname: string;
  @Column({ type: 'text', nullable: true }) name: string | null;
  @Column({ type: 'integer', nullable: true }) ixfId: number | null;
  @Column({ type: 'integer', nullable: true }) peeringdbIxId: number | null;
  @Column({ type: 'text', nullable: true }) country: string | null;
  @Column({ type: 'text', nullable: true }) url: string | null;
  @Column({ type: 'text', nullable: true }) supportEmail: string | null;
  /** Ixp-wide defaults of the import policy; null falls back to ixora's built-in defaults. */
  @Column(() => ImportPolicyColumns, { prefix: 'policy' }) policy: ImportPolicyColumns;
  @Column({ type: 'integer', default: 100 }) defaultMaxPrefixV4: number;
  @Column({ type: 'integer', default: 50 }) defaultMaxPrefixV6: number;
  /** Headroom added to PeeringDB's info_prefixes4/6, in percent. */
  @Column({ type: 'integer', default: 10 }) maxPrefixHeadroomPercent: number;
  @Column({ type: 'inet', nullable: true, transformer: inetTransformer }) blackholeNextHopV4: string | null;
  @Column({ type: 'inet', nullable: true, transformer: inetTransformer }) blackholeNextHopV6: string | null;
  @Column({ type: 'bigint', array: true, default: () => "'{}'", transformer: asnArrayTransformer })
  transitFreeAsns: number[];
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
