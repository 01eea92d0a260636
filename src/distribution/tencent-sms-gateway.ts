import { OutboundAddressError, type OutboundPolicy } from './outbound-address.js'
import {
  checkSmsMessage,
  e164,
  isTransientStatus,
  type SmsGateway,
  type SmsMessage,
  type SmsOutcome,
} from './sms-gateway.js'
import { tc3Authorization } from './tencent-sms-signature.js'
import { postJsonReadingReply } from './webhook-request.js'

export interface TencentSmsSettings {
  secretId: string
  secretKey: string
  /** The SMS application's SdkAppId (1400…). */
  sdkAppId: string
  /** The approved signature (签名) text. */
  signName: string
  /** ap-guangzhou, ap-beijing or ap-nanjing for mainland numbers. */
  region: string
  /** https://sms.tencentcloudapi.com/ in production; a local stand-in in tests. */
  endpoint: string
}

const CONTENT_TYPE = 'application/json; charset=utf-8'
/**
 * Codes that pass with time (frequency limits, the service's own failure); others (a bad
 * number, template, signature or key) are final. From SendSms's error codes
 * (https://cloud.tencent.com/document/api/382/55981).
 */
const TRANSIENT_CODES = /^(LimitExceeded|RequestLimitExceeded|InternalError)/

/**
 * SendSms of Tencent Cloud SMS (API 2021-01-11, https://cloud.tencent.com/document/api/382/55981):
 * a JSON POST of PhoneNumberSet (E.164), SmsSdkAppId, SignName, TemplateId, TemplateParamSet
 * (the values by position) and SessionContext, signed TC3-HMAC-SHA256.
 */
export function tencentSmsGateway(
  settings: TencentSmsSettings,
  policy: OutboundPolicy,
  clock: () => Date = () => new Date(),
): SmsGateway {
  // The secret stays in this closure: the gateway object has nothing to log.
  const { secretKey, ...visible } = settings
  return {
    provider: 'tencent',
    async send(message: SmsMessage): Promise<SmsOutcome> {
      checkSmsMessage(message)
      const payload = JSON.stringify({
        PhoneNumberSet: [e164(message.phone)],
        SmsSdkAppId: visible.sdkAppId,
        SignName: visible.signName,
        TemplateId: message.templateId,
        TemplateParamSet: message.params.map((param) => param.value),
        SessionContext: message.reference,
      })
      const timestamp = Math.floor(clock().getTime() / 1000)
      try {
        const host = new URL(visible.endpoint).host
        const authorization = tc3Authorization({
          secretId: visible.secretId,
          secretKey,
          service: 'sms',
          host,
          contentType: CONTENT_TYPE,
          payload,
          timestamp,
        })
        const { status, reply } = await postJsonReadingReply(
          visible.endpoint,
          {
            authorization,
            'content-type': CONTENT_TYPE,
            host,
            'x-tc-action': 'SendSms',
            'x-tc-timestamp': String(timestamp),
            'x-tc-version': '2021-01-11',
            'x-tc-region': visible.region,
          },
          payload,
          policy,
        )
        return tencentOutcome(status, reply)
      } catch (error) {
        const permanent = error instanceof OutboundAddressError
        return {
          sent: false,
          reason: `gateway not reached: ${(error as Error).message}`,
          permanent,
        }
      }
    },
  }
}

interface TencentReply {
  Response?: {
    Error?: { Code?: unknown; Message?: unknown }
    SendStatusSet?: Array<{ Code?: unknown; Message?: unknown; SerialNo?: unknown }>
  }
}

/**
 * Reads SendSms's reply. Tencent answers HTTP 200 even for a refusal: a request-level
 * Response.Error, or a per-number SendStatusSet entry whose Code is not "Ok".
 */
export function tencentOutcome(status: number, reply: string): SmsOutcome {
  let answer: TencentReply = {}
  try {
    answer = JSON.parse(reply) as TencentReply
  } catch {
    // Not JSON: the HTTP status decides.
  }
  const error = answer.Response?.Error
  const entry = answer.Response?.SendStatusSet?.[0]
  const code = String(error?.Code ?? entry?.Code ?? '')
  if (status >= 200 && status < 300 && !error && code === 'Ok')
    return { sent: true, providerId: typeof entry?.SerialNo === 'string' ? entry.SerialNo : '' }
  const message = error?.Message ?? entry?.Message
  const said = typeof message === 'string' ? `: ${message.slice(0, 200)}` : ''
  return {
    sent: false,
    reason: `Tencent Cloud SMS refused (HTTP ${status}${code ? `, ${code}` : ''})${said}`,
    permanent: !(isTransientStatus(status) || TRANSIENT_CODES.test(code)),
  }
}
