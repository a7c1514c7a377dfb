import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const WEB_SESSION_STAGES = ['two_factor', 'enrol', 'full'] as const;
/** How far a browser sign-in got: a second factor is due, enrolment in one is due, or complete. */
export type WebSessionStage = (typeof WEB_SESSION_STAGES)[number];

@Entity()
export class WebSession {
  @PrimaryGeneratedColumn() id: number;
  /** SHA-256 of the cookie's random id; the id itself is never stored. */
  @Column({ type: 'text' }) tokenHash: string;
  @Column({ type: 'integer' }) userId: number;
  @Column({ type: 'text' }) stage: WebSessionStage;
  /** A TOTP secret shown on the enrolment page, kept until the user confirms it with a code. */
  @Column({ type: 'text', nullable: true }) pendingTotpSecret: string | null;
  @Column({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'timestamptz' }) lastSeenAt: Date;
}

@Entity()
export class RecoveryCode {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'integer' }) userId: number;
  @Column({ type: 'text' }) codeHash: string;
  @Column({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) usedAt: Date | null;
}

@Entity()
export class PasswordReset {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'integer' }) userId: number;
  @Column({ type: 'text' }) tokenHash: string;
  @Column({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'timestamptz' }) expiresAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) usedAt: Date | null;
}
