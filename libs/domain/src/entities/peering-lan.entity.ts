import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A layer-2 peering VLAN with its v4/v6 prefixes (PeeringDB ixlan/ixpfx, IX-F vlan). */
@Entity()
export class PeeringLan {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'integer' }) ixpId: number;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'integer', nullable: true }) vlanId: number | null;
  @Column({ type: 'integer', nullable: true }) ixfVlanId: number | null;
  @Column({ type: 'cidr', nullable: true }) prefixV4: string | null;
  @Column({ type: 'cidr', nullable: true }) prefixV6: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
