import { randomUUID } from 'node:crypto'
import { aliyunPercentEncode, aliyunSignature } from './aliyun-sms-signature.js'
import { OutboundAddressError, type OutboundPolicy } from './outbound-address.js'
import {
  checkSmsMessage,
  e164,
  isTransientStatus,
  type SmsGateway,
  type SmsMessage,
  type SmsOutcome,
} from './sms-gateway.js'
import { postJsonReadingReply } from './webhook-request.js'

export interface AliyunSmsSettings {
  accessKeyId: string
  accessKeySecret: string
  /** The approved signature (签名), e.g. 国网某供电公司. */
  signName: string
  /** https://dysmsapi.aliyuncs.com/ in production; a local stand-in in tests. */
  endpoint: string
}

/**
 * Codes of Alibaba Cloud SMS that pass with time (flow control, throttling, the service's own
 * failure); every other code (a bad number, template or signature, an unknown key) is final.
 * From the SendSms error-code list (https://help.aliyun.com/document_detail/101346.html).
 */
const TRANSIENT_CODES = /LIMIT_CONTROL|Throttling|ServiceUnavailable|InternalError/i

/** Alibaba Cloud's mainland numbers go without +86; others as country code + number, no +. */
function aliyunPhone(phone: string): string {
  const international = e164(phone) ?? phone
  return international.startsWith('+86') ? international.slice(3) : international.slice(1)
}

/**
 * SendSms of Alibaba Cloud SMS (Dysmsapi 2017-05-25,
 * https://help.aliyun.com/document_detail/419273.html): an RPC POST whose form body carries
 * the common parameters, PhoneNumbers, SignName, TemplateCode, TemplateParam (JSON of the
 * parameters by name) and OutId, signed with RPC signature 1.0.
 */
export function aliyunSmsGateway(
  settings: AliyunSmsSettings,
  policy: OutboundPolicy,
  clock: () => Date = () => new Date(),
): SmsGateway {
  // The secret stays in this closure: the gateway object has nothing to log.
  const { accessKeySecret, ...visible } = settings
  return {
    provider: 'aliyun',
    async send(message: SmsMessage): Promise<SmsOutcome> {
      checkSmsMessage(message)
      const params: Record<string, string> = {
        AccessKeyId: visible.accessKeyId,
        Action: 'SendSms',
        Format: 'JSON',
        OutId: message.reference,
        PhoneNumbers: aliyunPhone(message.phone),
        RegionId: 'cn-hangzhou',
        SignName: visible.signName,
        SignatureMethod: 'HMAC-SHA1',
        SignatureNonce: randomUUID(),
        SignatureVersion: '1.0',
        TemplateCode: message.templateId,
        TemplateParam: JSON.stringify(
          Object.fromEntries(message.params.map((param) => [param.name, param.value])),
        ),
        Timestamp: clock()
          .toISOString()
          .replace(/\.\d{3}Z$/, 'Z'),
        Version: '2017-05-25',
      }
      params.Signature = aliyunSignature(accessKeySecret, 'POST', params)
      const body = Object.entries(params)
        .map(([name, value]) => `${aliyunPercentEncode(name)}=${aliyunPercentEncode(value)}`)
        .join('&')
      try {
        const { status, reply } = await postJsonReadingReply(
          visible.endpoint,
          { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body,
          policy,
        )
        return aliyunOutcome(status, reply)
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

/** Reads SendSms's reply: {"Code":"OK","BizId":…} when accepted, else {"Code":…,"Message":…}. */
export function aliyunOutcome(status: number, reply: string): SmsOutcome {
  let answer: { Code?: unknown; Message?: unknown; BizId?: unknown } = {}
  try {
    answer = JSON.parse(reply) as typeof answer
  } catch {
    // Not JSON (a proxy's error page): the HTTP status decides.
  }
  const code = typeof answer.Code === 'string' ? answer.Code : ''
  if (status >= 200 && status < 300 && code === 'OK')
    return { sent: true, providerId: typeof answer.BizId === 'string' ? answer.BizId : '' }
  const said = typeof answer.Message === 'string' ? `: ${answer.Message.slice(0, 200)}` : ''
  return {
    sent: false,
    reason: `Alibaba Cloud SMS refused (HTTP ${status}${code ? `, ${code}` : ''})${said}`,
    permanent: !(isTransientStatus(status) || TRANSIENT_CODES.test(code)),
  }
}
