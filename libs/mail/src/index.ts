/** @ixora/mail — ixora's outgoing mail: an SMTP relay (nodemailer), or the outbox table without one. */
import { MailOutboxEntry } from './mail-outbox.entity.js';

export { MailOutboxEntry } from './mail-outbox.entity.js';
export { Mailer, type MailDelivery, type MailMessage } from './mailer.js';
export { MailModule } from './mail.module.js';

/** The mail lib's entities, listed explicitly. */
export const MAIL_ENTITIES = [MailOutboxEntry] as const;
