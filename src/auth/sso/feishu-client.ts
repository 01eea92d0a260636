import type { OidcClaims } from './oidc-client.js'
import type { FeishuSettings } from './sso.schema.js'

/**
 * Feishu (飞书) web sign-in, by its documented API: the browser signs in at authen/v1/authorize
 * and comes back with `code`; the server gets the app's token (auth/v3/app_access_token/internal
 * with app id and secret), exchanges the code for the person's token (authen/v1/oidc/access_token,
 * authorised by the app's token) and reads the person (authen/v1/user_info). Feishu answers
 * `code: 0` on success. The subject is the union_id.
 */

export function feishuAuthorizeUrl(
  settings: FeishuSettings,
  redirectUri: string,
  state: string,
): string {
  const url = new URL(settings.authorizeUrl)
  url.searchParams.set('app_id', settings.appId)
  url.searchParams.set('redirect_uri', redirectUri)
  url.searchParams.set('state', state)
  return url.href
}

async function feishuCall(
  settings: FeishuSettings,
  path: string,
  init: { token?: string; body?: object },
): Promise<Record<string, unknown>> {
  const response = await fetch(new URL(path, settings.apiBaseUrl), {
    method: init.body ? 'POST' : 'GET',
    headers: {
      'content-type': 'application/json; charset=utf-8',
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    ...(init.body ? { body: JSON.stringify(init.body) } : {}),
    signal: AbortSignal.timeout(10_000),
  })
  if (!response.ok) throw new Error(`Feishu ${path}: HTTP ${response.status}`)
  const answer = (await response.json()) as Record<string, unknown>
  if (answer.code !== 0) throw new Error(`Feishu ${path}: code ${String(answer.code)}`)
  return answer
}

export async function finishFeishu(
  settings: FeishuSettings,
  appSecret: string,
  code: string,
): Promise<OidcClaims> {
  const app = await feishuCall(settings, '/open-apis/auth/v3/app_access_token/internal', {
    body: { app_id: settings.appId, app_secret: appSecret },
  })
  const appToken = String(app.app_access_token)
  const user = await feishuCall(settings, '/open-apis/authen/v1/oidc/access_token', {
    token: appToken,
    body: { grant_type: 'authorization_code', code },
  })
  const userToken = String((user.data as { access_token?: unknown } | undefined)?.access_token)
  const info = (await feishuCall(settings, '/open-apis/authen/v1/user_info', { token: userToken }))
    .data as Record<string, unknown> | undefined
  if (!info || typeof info.union_id !== 'string') throw new Error('Feishu: no union_id')
  const email = [info.enterprise_email, info.email].find(
    (v): v is string => typeof v === 'string' && v.includes('@'),
  )
  return {
    subject: info.union_id,
    email: email ?? null,
    name: typeof info.name === 'string' ? info.name : null,
    groups: [],
  }
}
