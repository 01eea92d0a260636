// The distribution domain's public face for SMS: the template-ID gateways (Alibaba Cloud, Tencent
// Cloud, a company webhook) built from a configuration, as src/channels builds one per organisation.
export { type SmsGatewayConfig, smsGatewayFor } from './sms-gateway-config.js'
export type { SmsGateway, SmsMessage, SmsOutcome } from './sms-gateway.js'
