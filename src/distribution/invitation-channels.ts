import type { Config } from '../config.js'
import {
  smtpChannel,
  smtpSender,
  webhookChannel,
  type InvitationChannels,
} from './invitation-delivery.js'

/** The real channels, from configuration: SMTP for e-mail, HTTPS POST for gateways (public addresses and the allowed hosts only). */
export function configuredChannels(config: Config): InvitationChannels {
  const mail = smtpSender(config.smtpUrl, config.mailFrom)
  return {
    mail,
    email: smtpChannel(mail),
    webhook: (invitation, target) =>
      webhookChannel(invitation, target, Date.now(), { allowedHosts: config.webhookAllowedHosts }),
  }
}
