import type { ReplyChannels, ReplyOutcome } from '../cases/case-reply-delivery.js'
import type { Db } from '../db/database.js'
import type { OutboundPolicy } from '../distribution/outbound-address.js'
import { openSecret } from '../personal-data/sealed-secret.service.js'
import { findChannelSettings } from './channel-settings.repository.js'
import { cloudSmsGateway } from './channel-settings.service.js'
import { sendWechatText } from './wechat-customer-message.js'

const WECHAT_API = 'https://api.weixin.qq.com'

/**
 * Case replies through the organisation's own channels: SMS by its cloud gateway with the reply
 * template (parameters case and key: carriers pass no free text, the customer reads the reply on
 * the lookup page), WeChat through the Official Account's customer-service message API. A
 * channel not configured is a failure that says which setting is missing.
 */
export function caseReplyChannels(
  db: Db,
  policy: OutboundPolicy,
  clock: () => number,
): ReplyChannels {
  return {
    async sms(orgId, phone, params, reference): Promise<ReplyOutcome> {
      const row = await findChannelSettings(db, orgId)
      const gateway = row && cloudSmsGateway(db, row, policy)
      if (!row || !gateway)
        return { sent: false, reason: 'no cloud SMS gateway in the channel settings' }
      if (!row.smsReplyTemplateId)
        return { sent: false, reason: 'no SMS reply template in the channel settings' }
      const outcome = await gateway.send({
        phone,
        templateId: row.smsReplyTemplateId,
        params: [
          { name: 'case', value: params.caseNumber },
          { name: 'key', value: params.statusKey },
        ],
        reference,
      })
      return outcome.sent ? { sent: true } : { sent: false, reason: outcome.reason }
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
