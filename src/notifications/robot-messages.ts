import { createHmac } from 'node:crypto'

/**
 * Messages to the group robots of 企业微信 (WeCom), 钉钉 (DingTalk) and 飞书 (Feishu/Lark), in the
 * formats their custom-robot documentation gives:
 * - WeCom: POST the webhook URL (its `key` is the credential) with
 *   `{"msgtype":"text","text":{"content":…}}` (developer.work.weixin.qq.com, 群机器人配置说明).
 * - DingTalk, signed (加签): `sign = urlEncode(base64(HmacSHA256(key = secret,
 *   message = timestamp + "\n" + secret)))`, the timestamp in milliseconds, both added to the URL's
 *   query; body `{"msgtype":"text","text":{"content":…}}` (open.dingtalk.com, 自定义机器人安全设置).
 * - Feishu, signed (签名校验): `sign = base64(HmacSHA256(key = timestamp + "\n" + secret,
 *   message = ""))`, the timestamp in seconds, both in the body beside
 *   `{"msg_type":"text","content":{"text":…}}` (open.feishu.cn, 自定义机器人使用指南).
 * Plain text on purpose: the robots render markdown, and a case title or a customer's words in
 * markdown could fake links or formatting in the group; as text they show as typed.
 */

export type RobotKind = 'wecom' | 'dingtalk' | 'feishu'

export const ROBOT_KINDS: readonly RobotKind[] = ['wecom', 'dingtalk', 'feishu']

/** What to tell the group, already in the organisation's language. */
export interface RobotMessage {
  title: string
  text: string
  /** An address in Manyi where the evidence is. */
  link?: string
}

export interface RobotRequest {
  url: string
  body: string
}

/** A robot's longest text; longer texts are cut (DingTalk and WeCom take about 2,000 characters). */
export const ROBOT_TEXT_LIMIT = 1_800

function plainText(message: RobotMessage): string {
  const lines = [`【${message.title}】`, message.text]
  if (message.link) lines.push(message.link)
  const text = lines.join('\n')
  return text.length > ROBOT_TEXT_LIMIT ? `${text.slice(0, ROBOT_TEXT_LIMIT - 1)}…` : text
}

/** DingTalk's signature of a millisecond timestamp (before URL encoding). */
export function dingTalkSignature(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64')
}

/** Feishu's signature of a timestamp in seconds. */
export function feishuSignature(secret: string, timestampSeconds: number): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64')
}

/** The request that posts `message` to a robot; `secret` signs where the robot was set up to check. */
export function robotRequest(
  kind: RobotKind,
  webhookUrl: string,
  secret: string | null,
  message: RobotMessage,
  now: number,
): RobotRequest {
  const text = plainText(message)
  if (kind === 'feishu') {
    const seconds = Math.floor(now / 1000)
    const signed = secret
      ? { timestamp: String(seconds), sign: feishuSignature(secret, seconds) }
      : {}
    return {
      url: webhookUrl,
      body: JSON.stringify({ ...signed, msg_type: 'text', content: { text } }),
    }
  }
  const body = JSON.stringify({ msgtype: 'text', text: { content: text } })
  if (kind === 'dingtalk' && secret) {
    const url = new URL(webhookUrl)
    url.searchParams.set('timestamp', String(now))
    url.searchParams.set('sign', dingTalkSignature(secret, now))
    return { url: url.toString(), body }
  }
  return { url: webhookUrl, body }
}

/**
 * Whether a robot's reply says it took the message: each answers HTTP 200 with an error code in
 * the body when it refused (a bad signature, a keyword missing, too many messages).
 */
export function robotAccepted(kind: RobotKind, status: number, reply: string): boolean {
  if (status < 200 || status >= 300) return false
  let parsed: unknown
  try {
    parsed = JSON.parse(reply)
  } catch {
    return false
  }
  if (typeof parsed !== 'object' || parsed === null) return false
  const fields = parsed as Record<string, unknown>
  if (kind === 'feishu') return (fields.code ?? fields.StatusCode) === 0
  return fields.errcode === 0
}
