import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A mail kept instead of sent, because no SMTP relay is configured (`SMTP_URL` unset). */
@Entity({ name: 'mail_outbox' })
export class MailOutboxEntry {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'text' }) recipient: string;
  @Column({ type: 'text' }) subject: string;
  @Column({ type: 'text' }) body: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
