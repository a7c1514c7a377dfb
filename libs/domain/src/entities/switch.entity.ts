import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { inetTransformer } from './column-types.js';

/** A peering switch of the Ixp (IX-F `switch`), so ports can name where they are. */
@Entity()
export class Switch {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'integer' }) ixpId: number;
  @Column({ type: 'integer', nullable: true }) ixfId: number | null;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text', nullable: true }) colo: string | null;
  @Column({ type: 'text', nullable: true }) city: string | null;
  @Column({ type: 'text', nullable: true }) country: string | null;
  @Column({ type: 'text', nullable: true }) manufacturer: string | null;
  @Column({ type: 'text', nullable: true }) model: string | null;
  @Column({ type: 'integer', nullable: true }) peeringdbFacilityId: number | null;
  /** Where staff reach the switch (IPv4 or IPv6); not published in the IX-F export. */
  @Column({ type: 'inet', nullable: true, transformer: inetTransformer }) managementAddress: string | null;
}
