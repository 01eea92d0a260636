import { type OutboundPolicy, postJsonReadingReply } from '../distribution/outbound.service.js'

/**
 * A text to a follower of a WeChat Official Account through the customer-service message API
 * (客服消息, POST /cgi-bin/message/custom/send, developers.weixin.qq.com "客服消息"), with an
 * access token from the stable-token API (POST /cgi-bin/stable_token, "获取稳定版接口调用凭据"),
 * which, unlike /cgi-bin/token, is a POST and does not void the tokens other services of the
 * same account hold. The platform answers HTTP 200 with errcode ≠ 0 when it refuses: 45015 when
 * the follower has not written in the last 48 hours, 40001/42001 for a token no longer valid.
 */
export interface WechatAccount {
  appId: string
  appSecret: string
  /** https://api.weixin.qq.com or a company gateway that forwards to it. */
  apiBase: string
}

export type WechatSendOutcome = { sent: true } | { sent: false; reason: string }

/** Tokens by account and address; a token is given up five minutes before it expires. */
const tokens = new Map<string, { token: string; expiresAt: number }>()
const TOKEN_MARGIN_MS = 5 * 60_000
const STALE_TOKEN_CODES = new Set([40001, 40014, 42001])

function apiUrl(account: WechatAccount, path: string): string {
  return new URL(path, account.apiBase.endsWith('/') ? account.apiBase : `${account.apiBase}/`).href
}

async function callApi(
  url: string,
  body: unknown,
  policy: OutboundPolicy,
): Promise<Record<string, unknown>> {
  const { status, reply } = await postJsonReadingReply(
    url,
    { 'content-type': 'application/json' },
    JSON.stringify(body),
    policy,
  )
  if (status !== 200) throw new Error(`WeChat API answered HTTP ${status}`)
  try {
    return JSON.parse(reply) as Record<string, unknown>
  } catch {
    throw new Error('WeChat API answered with no JSON')
  }
}

async function accessToken(
  account: WechatAccount,
  policy: OutboundPolicy,
  now: number,
  fresh: boolean,
): Promise<string> {
  const key = `${account.apiBase}|${account.appId}`
  const cached = tokens.get(key)
  if (!fresh && cached && cached.expiresAt > now) return cached.token
  const answer = await callApi(
    apiUrl(account, 'cgi-bin/stable_token'),
    {
      grant_type: 'client_credential',
      appid: account.appId,
      secret: account.appSecret,
      force_refresh: fresh,
    },
    policy,
  )
  if (typeof answer.access_token !== 'string')
    throw new Error(
      `WeChat token refused: errcode ${String(answer.errcode)} ${String(answer.errmsg ?? '')}`,
    )
  const lifetimeMs = Number(answer.expires_in ?? 7200) * 1000
  tokens.set(key, { token: answer.access_token, expiresAt: now + lifetimeMs - TOKEN_MARGIN_MS })
  return answer.access_token
}

/** Sends one text; a refused or expired token is fetched again once. Never throws for a refusal. */
export async function sendWechatText(
  account: WechatAccount,
  openid: string,
  text: string,
  policy: OutboundPolicy,
  now: number,
): Promise<WechatSendOutcome> {
  const message = { touser: openid, msgtype: 'text', text: { content: text } }
  try {
    for (const fresh of [false, true]) {
      const token = await accessToken(account, policy, now, fresh)
      const url = `${apiUrl(account, 'cgi-bin/message/custom/send')}?access_token=${encodeURIComponent(token)}`
      const answer = await callApi(url, message, policy)
      const code = Number(answer.errcode ?? 0)
      if (code === 0) return { sent: true }
      if (!fresh && STALE_TOKEN_CODES.has(code)) continue
      return {
        sent: false,
        reason: `WeChat refused: errcode ${code} ${String(answer.errmsg ?? '')}`.trim(),
      }
    }
    return { sent: false, reason: 'WeChat refused the access token' }
  } catch (error) {
    return { sent: false, reason: (error as Error).message }
  }
}
