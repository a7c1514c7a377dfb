import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { asnTransformer, inetTransformer } from './column-types.js';

/** One BIRD instance, on the PeeringLan whose prefix holds its address. */
@Entity()
export class RouteServer {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'integer' }) peeringLanId: number;
  @Column({ type: 'bigint', transformer: asnTransformer }) asn: number;
  @Column({ type: 'inet', transformer: inetTransformer }) routerId: string;
  @Column({ type: 'inet', nullable: true, transformer: inetTransformer }) ipv4Address: string | null;
  @Column({ type: 'inet', nullable: true, transformer: inetTransformer }) ipv6Address: string | null;
  @Column({ type: 'text', nullable: true }) socketPath: string | null;
  @Column({ type: 'text', nullable: true }) agentUrl: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
