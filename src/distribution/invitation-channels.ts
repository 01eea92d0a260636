import type { Config } from '../config.js'
import { smtpChannel, webhookChannel, type InvitationChannels } from './invitation-delivery.js'

/** The real channels, from configuration: SMTP for e-mail, HTTPS POST for gateways. */
export function configuredChannels(config: Config): InvitationChannels {
  return {
    email: smtpChannel(config.smtpUrl, config.mailFrom),
    webhook: (invitation, target) => webhookChannel(invitation, target, Date.now()),
  }
}
