import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { ImportPolicyColumns } from './import-policy.columns.js';

/** The BGP session between a RouteServer and a MemberInterface, for one address family. */
@Entity()
export class RouteServerSession {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'integer' }) routeServerId: number;
  @Column({ type: 'integer' }) memberInterfaceId: number;
  @Column({ type: 'smallint' }) family: 4 | 6;
  @Column({ type: 'boolean', default: true }) isEnabled: boolean;
  @Column({ type: 'boolean', default: false }) isPassive: boolean;
  @Column({ type: 'text', nullable: true }) md5Password: string | null;
  @Column({ type: 'text', nullable: true }) description: string | null;
  @Column({ type: 'integer', nullable: true }) maxPrefix: number | null;
  @Column(() => ImportPolicyColumns, { prefix: 'policy' }) policy: ImportPolicyColumns;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
