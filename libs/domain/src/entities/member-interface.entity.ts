import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { inetTransformer } from './column-types.js';

/** A member's addresses on a PeeringLan, over a Port (PeeringDB netixlan, IX-F vlan_list entry). */
@Entity()
export class MemberInterface {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'integer' }) memberId: number;
  @Column({ type: 'integer' }) peeringLanId: number;
  @Column({ type: 'integer', nullable: true }) portId: number | null;
  @Column({ type: 'inet', nullable: true, transformer: inetTransformer }) ipv4Address: string | null;
  @Column({ type: 'inet', nullable: true, transformer: inetTransformer }) ipv6Address: string | null;
  @Column({ type: 'macaddr', array: true, default: () => "'{}'" }) macAddresses: string[];
  /** IX-F `routeserver`: sessions with the LAN's route servers exist for each family with an address. */
  @Column({ type: 'boolean', default: true }) isRouteServerClient: boolean;
  @Column({ type: 'integer', nullable: true }) maxPrefixV4: number | null;
  @Column({ type: 'integer', nullable: true }) maxPrefixV6: number | null;
  @Column({ type: 'text', nullable: true }) asMacroV4: string | null;
  @Column({ type: 'text', nullable: true }) asMacroV6: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
