import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Every change made by a person: who, what, before, after. */
@Entity()
export class AuditRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ type: 'timestamptz', default: () => 'now()' }) at: Date;
  /** `user:<email>`, `token:<name>` or `cli:<unix user>`. */
  @Column({ type: 'text' }) actor: string;
  @Column({ type: 'integer', nullable: true }) actorUserId: number | null;
  @Column({ type: 'text' }) action: string;
  @Column({ type: 'text' }) entityType: string;
  @Column({ type: 'text', nullable: true }) entityId: string | null;
  @Column({ type: 'jsonb', nullable: true }) before: object | null;
  @Column({ type: 'jsonb', nullable: true }) after: object | null;
}
