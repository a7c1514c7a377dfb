import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const USER_ROLES = ['admin', 'member_admin', 'member_user'] as const;
export type UserRole = (typeof USER_ROLES)[number];

@Entity({ name: 'app_user' })
export class User {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'text' }) email: string;
  /** argon2id; null for a user that signs in with API tokens only. */
  @Column({ type: 'text', nullable: true }) passwordHash: string | null;
  @Column({ type: 'text' }) role: UserRole;
  /** Set exactly for member_admin and member_user. */
  @Column({ type: 'integer', nullable: true }) memberId: number | null;
  @Column({ type: 'boolean', default: false }) isDisabled: boolean;
  /** Base32 TOTP secret (RFC 6238); set exactly when two-factor sign-in is on. */
  @Column({ type: 'text', nullable: true }) totpSecret: string | null;
  @Column({ type: 'timestamptz', nullable: true }) totpEnabledAt: Date | null;
  /** The last TOTP time step accepted; a code of that step or earlier is refused (no replay). */
  @Column({
    type: 'bigint',
    nullable: true,
    transformer: { to: (v: unknown) => v, from: (v: string | null) => (v === null ? null : Number(v)) },
  })
  totpLastStep: number | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

@Entity()
export class ApiToken {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'integer' }) userId: number;
  @Column({ type: 'text' }) name: string;
  /** The public first part of the token, to find the row without scanning hashes. */
  @Column({ type: 'text' }) tokenPrefix: string;
  @Column({ type: 'text' }) tokenHash: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) lastUsedAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) expiresAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) revokedAt: Date | null;
}
