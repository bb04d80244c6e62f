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
