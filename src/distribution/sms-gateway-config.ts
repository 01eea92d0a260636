import { z } from 'zod'
import { ValidationError } from '../shared/errors.js'
import { aliyunSmsGateway } from './aliyun-sms-gateway.js'
import type { OutboundPolicy } from './outbound-address.js'
import type { SmsGateway } from './sms-gateway.js'
import { tencentSmsGateway } from './tencent-sms-gateway.js'
import { webhookSmsGateway } from './webhook-sms-gateway.js'

const required = z.string().trim().min(1)
const url = z.string().trim().url()

/** Which SMS gateway an installation uses, from the operator's environment (secrets stay there). */
export const smsGatewayConfigSchema = z.discriminatedUnion('provider', [
  z.object({
    provider: z.literal('aliyun'),
    accessKeyId: required,
    accessKeySecret: required,
    signName: required,
    endpoint: url.default('https://dysmsapi.aliyuncs.com/'),
  }),
  z.object({
    provider: z.literal('tencent'),
    secretId: required,
    secretKey: required,
    sdkAppId: z.string().regex(/^\d{6,12}$/),
    signName: required,
    region: z
      .string()
      .regex(/^[a-z]{2}-[a-z]+$/)
      .default('ap-guangzhou'),
    endpoint: url.default('https://sms.tencentcloudapi.com/'),
  }),
  z.object({ provider: z.literal('webhook'), url, secret: z.string().min(16) }),
])

export type SmsGatewayConfig = z.infer<typeof smsGatewayConfigSchema>

/**
 * Reads MANYI_SMS_PROVIDER (aliyun | tencent | webhook) and its settings: MANYI_SMS_ACCESS_KEY_ID,
 * MANYI_SMS_ACCESS_KEY_SECRET, MANYI_SMS_SIGN_NAME (Alibaba Cloud); MANYI_SMS_SECRET_ID,
 * MANYI_SMS_SECRET_KEY, MANYI_SMS_SDK_APP_ID, MANYI_SMS_SIGN_NAME, MANYI_SMS_REGION (Tencent
 * Cloud); MANYI_SMS_WEBHOOK_URL, MANYI_SMS_WEBHOOK_SECRET; MANYI_SMS_ENDPOINT overrides the
 * gateway's address. Undefined when no provider is set; a set provider with missing or bad
 * settings is refused naming the variables, never echoing a value (they hold secrets).
 */
export function smsGatewayConfigFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): SmsGatewayConfig | undefined {
  const provider = env.MANYI_SMS_PROVIDER?.trim()
  if (!provider) return undefined
  const parsed = smsGatewayConfigSchema.safeParse({
    provider,
    accessKeyId: env.MANYI_SMS_ACCESS_KEY_ID,
    accessKeySecret: env.MANYI_SMS_ACCESS_KEY_SECRET,
    secretId: env.MANYI_SMS_SECRET_ID,
    secretKey: env.MANYI_SMS_SECRET_KEY,
    sdkAppId: env.MANYI_SMS_SDK_APP_ID,
    signName: env.MANYI_SMS_SIGN_NAME,
    region: env.MANYI_SMS_REGION || undefined,
    endpoint: env.MANYI_SMS_ENDPOINT || undefined,
    url: env.MANYI_SMS_WEBHOOK_URL,
    secret: env.MANYI_SMS_WEBHOOK_SECRET,
  })
  if (parsed.success) return parsed.data
  throw new ValidationError(
    'VALIDATION_FAILED',
    'The SMS gateway settings are incomplete.',
    parsed.error.issues.map((issue) => ({
      path: ENV_NAMES[String(issue.path[0])] ?? String(issue.path[0]),
      reason: issue.code === 'invalid_type' ? 'is missing' : 'is not valid',
      rule: 'invalid',
    })),
  )
}

const ENV_NAMES: Record<string, string> = {
  provider: 'MANYI_SMS_PROVIDER',
  accessKeyId: 'MANYI_SMS_ACCESS_KEY_ID',
  accessKeySecret: 'MANYI_SMS_ACCESS_KEY_SECRET',
  secretId: 'MANYI_SMS_SECRET_ID',
  secretKey: 'MANYI_SMS_SECRET_KEY',
  sdkAppId: 'MANYI_SMS_SDK_APP_ID',
  signName: 'MANYI_SMS_SIGN_NAME',
  region: 'MANYI_SMS_REGION',
  endpoint: 'MANYI_SMS_ENDPOINT',
  url: 'MANYI_SMS_WEBHOOK_URL',
  secret: 'MANYI_SMS_WEBHOOK_SECRET',
}

/** The gateway a configuration names. */
export function smsGatewayFor(config: SmsGatewayConfig, policy: OutboundPolicy): SmsGateway {
  switch (config.provider) {
    case 'aliyun':
      return aliyunSmsGateway(config, policy)
    case 'tencent':
      return tencentSmsGateway(config, policy)
    case 'webhook':
      return webhookSmsGateway(config, policy)
  }
}
