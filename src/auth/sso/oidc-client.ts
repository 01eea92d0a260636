import * as oidc from 'openid-client'
import type { OidcSettings } from './sso.schema.js'

/**
 * OpenID Connect authorization-code flow with PKCE (S256), state and nonce, through
 * openid-client. Discovery runs per sign-in (the provider's keys and endpoints are never stale).
 * Plain http is allowed only for an issuer on this machine (a development or test provider).
 */

function isLoopback(issuer: URL): boolean {
  return ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname)
}

async function configurationOf(settings: OidcSettings, clientSecret: string) {
  const issuer = new URL(settings.issuer)
  return oidc.discovery(issuer, settings.clientId, clientSecret, undefined, {
    ...(issuer.protocol === 'http:' && isLoopback(issuer)
      ? { execute: [oidc.allowInsecureRequests] }
      : {}),
  })
}

export interface OidcStart {
  url: string
  state: string
  codeVerifier: string
  nonce: string
}

export async function startOidc(
  settings: OidcSettings,
  clientSecret: string,
  redirectUri: string,
): Promise<OidcStart> {
  const config = await configurationOf(settings, clientSecret)
  const codeVerifier = oidc.randomPKCECodeVerifier()
  const state = oidc.randomState()
  const nonce = oidc.randomNonce()
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: settings.scopes,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  })
  return { url: url.href, state, codeVerifier, nonce }
}

export interface OidcClaims {
  subject: string
  email: string | null
  name: string | null
  groups: string[]
}

/** Exchange the code (checking state, PKCE and nonce) and read the person's claims. */
export async function finishOidc(
  settings: OidcSettings,
  clientSecret: string,
  callbackUrl: URL,
  expected: { state: string; codeVerifier: string; nonce: string },
): Promise<OidcClaims> {
  const config = await configurationOf(settings, clientSecret)
  const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
    pkceCodeVerifier: expected.codeVerifier,
    expectedState: expected.state,
    expectedNonce: expected.nonce,
    idTokenExpected: true,
  })
  const idClaims = tokens.claims()
  if (!idClaims) throw new Error('no ID token')
  const info = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub)
  const all: Record<string, unknown> = { ...idClaims, ...info }
  const groups = all[settings.groupsClaim]
  return {
    subject: idClaims.sub,
    email: typeof all.email === 'string' && all.email_verified !== false ? all.email : null,
    name: typeof all.name === 'string' ? all.name : null,
    groups: Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [],
  }
}
