import type { OidcClaims } from './oidc-client.js'
import type { DingtalkSettings } from './sso.schema.js'

/**
 * DingTalk (钉钉) sign-in to a third-party site, by its documented API: the browser signs in at
 * oauth2/auth and comes back with `authCode`; the server exchanges it for the person's access
 * token (POST v1.0/oauth2/userAccessToken with the app key and secret) and reads the person
 * (GET v1.0/contact/users/me, token in x-acs-dingtalk-access-token). The subject is the unionId.
 */

export function dingtalkAuthorizeUrl(
  settings: DingtalkSettings,
  redirectUri: string,
  state: string,
): string {
  const url = new URL(settings.authorizeUrl)
  url.searchParams.set('redirect_uri', redirectUri)
  url.searchParams.set('response_type', 'code')
  url.searchParams.set('client_id', settings.clientId)
  url.searchParams.set('scope', 'openid')
  url.searchParams.set('state', state)
  url.searchParams.set('prompt', 'consent')
  return url.href
}

async function dingtalkJson(response: Response, what: string): Promise<Record<string, unknown>> {
  // Failures name a code and message of DingTalk's, never the secret sent.
  if (!response.ok) throw new Error(`DingTalk ${what}: HTTP ${response.status}`)
  return (await response.json()) as Record<string, unknown>
}

export async function finishDingtalk(
  settings: DingtalkSettings,
  appSecret: string,
  authCode: string,
): Promise<OidcClaims> {
  const token = await dingtalkJson(
    await fetch(new URL('/v1.0/oauth2/userAccessToken', settings.apiBaseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        clientId: settings.clientId,
        clientSecret: appSecret,
        code: authCode,
        grantType: 'authorization_code',
      }),
      signal: AbortSignal.timeout(10_000),
    }),
    'userAccessToken',
  )
  if (typeof token.accessToken !== 'string') throw new Error('DingTalk: no access token')
  const me = await dingtalkJson(
    await fetch(new URL('/v1.0/contact/users/me', settings.apiBaseUrl), {
      headers: { 'x-acs-dingtalk-access-token': token.accessToken },
      signal: AbortSignal.timeout(10_000),
    }),
    'contact/users/me',
  )
  if (typeof me.unionId !== 'string' || me.unionId === '') throw new Error('DingTalk: no unionId')
  return {
    subject: me.unionId,
    email: typeof me.email === 'string' && me.email.includes('@') ? me.email : null,
    name: typeof me.nick === 'string' ? me.nick : null,
    groups: [],
  }
}
