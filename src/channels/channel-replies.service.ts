import type { ReplyChannels, ReplyOutcome } from '../cases/case-reply-delivery.js'
import type { Db } from '../db/database.js'
import type { OutboundPolicy } from '../distribution/outbound-address.js'
import { sendCustomerMessage } from '../notices/customer-message.service.js'
import { openSecret } from '../personal-data/sealed-secret.service.js'
import { findChannelSettings } from './channel-settings.repository.js'
import { cloudSmsGateway } from './channel-settings.service.js'
import { sendWechatText } from './wechat-customer-message.js'

const WECHAT_API = 'https://api.weixin.qq.com'

/** Replies' SMS never need the mail sender (their e-mail goes out from the cases' sweep). */
const noMail = async () => {
  throw new Error('no mail sender for SMS replies')
}

/**
 * Case replies and status messages through the organisation's own channels: SMS by its cloud
 * gateway with the reply or status template (parameters case and key: carriers pass no free
 * text, the customer reads the reply on the lookup page) or, with no cloud chosen, the whole
 * text through the company SMS webhook of the notice settings; WeChat through the Official Account's customer-service message API. A
 * channel not configured is a failure that says which setting is missing.
 */
export function caseReplyChannels(
  db: Db,
  policy: OutboundPolicy,
  clock: () => number,
): ReplyChannels {
  return {
    async sms(orgId, phone, message, reference): Promise<ReplyOutcome> {
      const row = await findChannelSettings(db, orgId)
      // The company webhook (no cloud chosen) takes the whole text, as notices and invitations
      // go to it; a cloud takes only an approved template with its parameters.
      if (!row || row.smsProvider === 'webhook') {
        const failure = await sendCustomerMessage(
          { db, outbound: policy, mail: noMail },
          {
            id: reference,
            orgId,
            event: message.kind === 'status' ? 'case.status' : 'case.reply',
            channel: 'sms',
            address: phone,
            locale: message.locale,
            subject: message.caseNumber,
            text: message.text,
          },
          clock(),
        )
        return failure === null ? { sent: true } : { sent: false, reason: failure.reason }
      }
      const gateway = cloudSmsGateway(db, row, policy)
      if (!gateway) return { sent: false, reason: 'no cloud SMS gateway in the channel settings' }
      // Status messages have their own template; without one they take the reply template.
      const templateId =
        message.kind === 'status'
          ? (row.smsStatusTemplateId ?? row.smsReplyTemplateId)
          : row.smsReplyTemplateId
      if (!templateId)
        return { sent: false, reason: 'no SMS reply template in the channel settings' }
      const outcome = await gateway.send({
        phone,
        templateId,
        params: [
          { name: 'case', value: message.caseNumber },
          { name: 'key', value: message.statusKey },
        ],
        reference,
      })
      return outcome.sent
        ? { sent: true, ...(outcome.providerId ? { providerId: outcome.providerId } : {}) }
        : { sent: false, reason: outcome.reason }
    },
    async wechat(orgId, openid, text): Promise<ReplyOutcome> {
      const row = await findChannelSettings(db, orgId)
      if (!row?.wechatEnabled || !row.wechatAppId || !row.wechatAppSecret)
        return { sent: false, reason: 'no WeChat AppID and AppSecret in the channel settings' }
      return sendWechatText(
        {
          appId: row.wechatAppId,
          appSecret: openSecret(db, row.wechatAppSecret),
          apiBase: row.wechatApiBase ?? WECHAT_API,
        },
        openid,
        text,
        policy,
        clock(),
      )
    },
  }
}
