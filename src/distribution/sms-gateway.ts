import { ValidationError, type FieldIssue } from '../shared/errors.js'

/**
 * One SMS sent through a template-ID API. Chinese carriers only pass texts whose
 * template and signature (签名) the gateway approved beforehand, so Manyi sends the
 * template's id and its parameters, never free text.
 */
export interface SmsMessage {
  /** E.164 (+8613800138000) or an 11-digit mainland mobile number (13800138000). */
  phone: string
  /** The gateway's approved template: Alibaba Cloud's TemplateCode, Tencent Cloud's TemplateId. */
  templateId: string
  /**
   * The template's parameters, in the template's order: Alibaba Cloud reads them by name
   * (TemplateParam JSON), Tencent Cloud by position (TemplateParamSet).
   */
  params: ReadonlyArray<{ name: string; value: string }>
  /** Our id for this message (an outbox row), passed on so a gateway's records can be matched. */
  reference: string
}

/** What a gateway said: accepted with its id, or refused, and whether trying again may help. */
export type SmsOutcome =
  | { sent: true; providerId: string }
  | { sent: false; reason: string; permanent: boolean }

/** A gateway that sends template SMS: Alibaba Cloud, Tencent Cloud or a generic signed webhook. */
export interface SmsGateway {
  readonly provider: 'aliyun' | 'tencent' | 'webhook'
  /** Never throws for a gateway's refusal or an unreachable gateway: the outcome says so. */
  send(message: SmsMessage): Promise<SmsOutcome>
}

const MAINLAND_MOBILE = /^1[3-9]\d{9}$/
const E164 = /^\+[1-9]\d{6,14}$/
/** Template codes and parameter names as both gateways issue them (SMS_123456789, 1234567, code). */
const TEMPLATE_ID = /^[A-Za-z0-9_]{1,64}$/
const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,31}$/
/**
 * Alibaba Cloud limits a variable to 35 characters for most template kinds; longer values
 * are refused by the gateway, so they are refused here, before anything is sent.
 */
const PARAM_VALUE_MAX = 35
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
const CONTROL = /[\u0000-\u001f\u007f]/

/** The number in E.164, or null when it is neither E.164 nor a mainland mobile number. */
export function e164(phone: string): string | null {
  const trimmed = phone.trim()
  if (MAINLAND_MOBILE.test(trimmed)) return `+86${trimmed}`
  if (E164.test(trimmed)) return trimmed
  return null
}

/** Refuses a message no gateway would take, naming each bad field (VALIDATION_FAILED). */
export function checkSmsMessage(message: SmsMessage): void {
  const issues: FieldIssue[] = []
  if (e164(message.phone) === null)
    issues.push({
      path: 'phone',
      reason: 'is not a mobile number',
      allowed: '+8613800138000 or 13800138000',
      rule: 'invalid_format',
    })
  if (!TEMPLATE_ID.test(message.templateId))
    issues.push({
      path: 'templateId',
      reason: 'is not a template id',
      allowed: 'letters, digits and _ (1–64)',
      rule: 'invalid_format',
    })
  const seen = new Set<string>()
  message.params.forEach((param, index) => {
    if (!PARAM_NAME.test(param.name) || seen.has(param.name))
      issues.push({
        path: `params.${index}.name`,
        reason: seen.has(param.name) ? 'repeats a name' : 'is not a parameter name',
        rule: 'invalid',
      })
    seen.add(param.name)
    if (param.value.length === 0 || param.value.length > PARAM_VALUE_MAX)
      issues.push({
        path: `params.${index}.value`,
        reason: `must be 1–${PARAM_VALUE_MAX} characters`,
        rule: param.value.length === 0 ? 'too_short' : 'too_long',
        limit: param.value.length === 0 ? 1 : PARAM_VALUE_MAX,
      })
    else if (CONTROL.test(param.value))
      issues.push({
        path: `params.${index}.value`,
        reason: 'holds a control character (a line break, say)',
        rule: 'invalid',
      })
  })
  if (message.reference.length === 0 || message.reference.length > 64)
    issues.push({ path: 'reference', reason: 'must be 1–64 characters', rule: 'invalid' })
  if (issues.length > 0)
    throw new ValidationError('VALIDATION_FAILED', 'The SMS cannot be sent as it is.', issues)
}

/** A refusal is permanent unless it is a rate limit, a time-out or the gateway's own failure. */
export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500
}
