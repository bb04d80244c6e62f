export {
  credentialsMessage,
  type CredentialsMessageInput,
  type MailContent,
} from './credentials-message';
export {
  createMailer,
  type MailDelivery,
  type Mailer,
  type MailerOptions,
  type MailMessage,
  type MailOutcome,
} from './mailer';
export { DEFAULT_OUTBOX_RETENTION_DAYS, startOutboxSweeper, sweepOutbox } from './outbox-retention';
export { adminResetCodeMessage } from './admin-reset-code-message';
