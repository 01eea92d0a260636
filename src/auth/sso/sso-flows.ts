import { newSecret } from '../../shared/ids.js'
import { dingtalkAuthorizeUrl, finishDingtalk } from './dingtalk-client.js'
import { feishuAuthorizeUrl, finishFeishu } from './feishu-client.js'
import { finishOidc, type OidcClaims, type OidcStart, startOidc } from './oidc-client.js'
import type { ProviderConfig } from './sso.schema.js'
import { finishWecom, wecomAuthorizeUrl } from './wecom-client.js'

/** Each provider kind's way to the provider and back, one module per kind. */

/** Where the browser goes, with what to keep until it returns. */
export async function startFlow(
  config: ProviderConfig,
  secret: string,
  redirectUri: string,
): Promise<OidcStart> {
  if (config.kind === 'oidc') return startOidc(config.settings, secret, redirectUri)
  if (config.kind === 'ldap') throw new Error('LDAP signs in with a password, not a redirect')
  // WeCom, DingTalk and Feishu have no PKCE or nonce: the state alone ties the return to the start.
  const state = newSecret()
  const url =
    config.kind === 'wecom'
      ? wecomAuthorizeUrl(config.settings, redirectUri, state)
      : config.kind === 'dingtalk'
        ? dingtalkAuthorizeUrl(config.settings, redirectUri, state)
        : feishuAuthorizeUrl(config.settings, redirectUri, state)
  return { url, state, codeVerifier: '', nonce: '' }
}

/** The person the provider's return vouches for. */
export async function finishFlow(
  config: ProviderConfig,
  secret: string,
  callbackUrl: URL,
  expected: { state: string; codeVerifier: string; nonce: string },
): Promise<OidcClaims> {
  const code = callbackUrl.searchParams.get('code') ?? ''
  switch (config.kind) {
    case 'oidc':
      return finishOidc(config.settings, secret, callbackUrl, expected)
    case 'wecom':
      return finishWecom(config.settings, secret, code)
    case 'dingtalk':
      // DingTalk names the code authCode.
      return finishDingtalk(
        config.settings,
        secret,
        callbackUrl.searchParams.get('authCode') ?? code,
      )
    case 'feishu':
      return finishFeishu(config.settings, secret, code)
    case 'ldap':
      throw new Error('LDAP signs in with a password, not a redirect')
  }
}
