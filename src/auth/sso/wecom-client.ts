import type { OidcClaims } from './oidc-client.js'
import type { WecomSettings } from './sso.schema.js'

/**
 * WeCom (企业微信) web sign-in, by its documented server API: the browser scans at qrConnect and
 * comes back with `code`; the server gets an access token (gettoken: corp id and the app's
 * secret), the member's userid for the code (auth/getuserinfo) and the member (user/get).
 * A code from someone who is not a member of the corp (an openid without userid) is refused.
 */

export function wecomAuthorizeUrl(settings: WecomSettings, redirectUri: string, state: string) {
  const url = new URL(settings.authorizeUrl)
  url.searchParams.set('appid', settings.corpId)
  url.searchParams.set('agentid', settings.agentId)
  url.searchParams.set('redirect_uri', redirectUri)
  url.searchParams.set('state', state)
  return url.href
}

async function callApi(
  settings: WecomSettings,
  path: string,
  query: Record<string, string>,
): Promise<Record<string, unknown>> {
  const url = new URL(path, settings.apiBaseUrl)
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value)
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) })
  if (!response.ok) throw new Error(`WeCom ${path}: HTTP ${response.status}`)
  const body = (await response.json()) as Record<string, unknown>
  // WeCom answers HTTP 200 with errcode ≠ 0 on failure; the message names no secret.
  if (body.errcode !== 0) throw new Error(`WeCom ${path}: errcode ${String(body.errcode)}`)
  return body
}

export async function finishWecom(
  settings: WecomSettings,
  appSecret: string,
  code: string,
): Promise<OidcClaims> {
  const token = await callApi(settings, '/cgi-bin/gettoken', {
    corpid: settings.corpId,
    corpsecret: appSecret,
  })
  const accessToken = String(token.access_token)
  const who = await callApi(settings, '/cgi-bin/auth/getuserinfo', {
    access_token: accessToken,
    code,
  })
  if (typeof who.userid !== 'string' || who.userid === '')
    throw new Error('WeCom: not a member of the corp')
  const member = await callApi(settings, '/cgi-bin/user/get', {
    access_token: accessToken,
    userid: who.userid,
  })
  const email = [member.email, member.biz_mail].find(
    (v): v is string => typeof v === 'string' && v.includes('@'),
  )
  return {
    subject: who.userid,
    email: email ?? null,
    name: typeof member.name === 'string' ? member.name : null,
    groups: Array.isArray(member.department) ? member.department.map((d) => String(d)) : [],
  }
}
