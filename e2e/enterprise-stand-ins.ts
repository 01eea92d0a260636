import type { BrowserContext } from 'playwright-core'
import { expect } from 'vitest'
import { startOidcStandIn, type OidcStandIn } from '../src/auth/sso/test-oidc-provider.js'
import { startWecomStandIn, type WecomStandIn } from '../src/auth/sso/test-wecom-server.js'

// The enterprise journey's API side: sessions and calls as a member's browser makes them, and an
// organisation's single sign-on providers set up by its security administrator through the API
// (docs/sign-in.md), pointed at the stand-ins of an OpenID provider and of WeCom started here.

/** A JSON API client of one Manyi, signed in with a session cookie. */
export interface ApiSession {
  cookie: string
  call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T>
}

export function apiSession(baseUrl: string, cookie: string): ApiSession {
  return {
    cookie,
    async call<T>(method: string, path: string, body?: unknown): Promise<T> {
      const response = await fetch(`${baseUrl}/api/v1${path}`, {
        method,
        headers: {
          cookie,
          origin: baseUrl,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
      expect(response.status, `${method} ${path}: ${await response.clone().text()}`).toBeLessThan(
        300,
      )
      return (await response.json()) as T
    },
  }
}

/** Signs in with a password through the API (no second factor) and answers the session. */
export async function passwordSession(
  baseUrl: string,
  email: string,
  password: string,
): Promise<ApiSession> {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({ email, password }),
  })
  expect(response.status, await response.clone().text()).toBe(200)
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
  return apiSession(baseUrl, cookie)
}

/** The session of a browser window, for the API calls its member makes besides the pages. */
export async function browserSession(baseUrl: string, context: BrowserContext) {
  const cookies = await context.cookies(baseUrl)
  return apiSession(baseUrl, cookies.map((c) => `${c.name}=${c.value}`).join('; '))
}

export interface OrganisationSignOn {
  oidc: OidcStandIn
  wecom: WecomStandIn
  oidcProviderId: string
  wecomProviderId: string
  close(): Promise<void>
}

const OIDC_NAME = '集团统一身份认证'
const WECOM_NAME = '企业微信'

/**
 * The security administrator adds the organisation's OpenID Connect provider and its WeCom app.
 * The OIDC redirect URI holds the provider's id, which the stand-in must know: add, start the
 * stand-in with that address, then point the provider at it (as an administrator registers the
 * redirect URI at the provider after adding it here).
 */
export async function setUpSignOn(
  baseUrl: string,
  security: ApiSession,
  wecomDepartments: Record<string, string>,
): Promise<OrganisationSignOn> {
  const oidcSettings = (issuer: string) => ({
    issuer,
    clientId: 'manyi-test',
    scopes: 'openid email profile groups',
    roleMapping: {},
    defaultRole: null,
  })
  const added = await security.call<{ id: string }>('POST', '/sso-providers', {
    kind: 'oidc',
    name: OIDC_NAME,
    settings: oidcSettings('https://idp.invalid'),
    secret: 'stand-in-client-secret-0123456789abcdef',
  })
  const oidc = await startOidcStandIn(`${baseUrl}/sso/${added.id}/callback`)
  const pointed = await security.call('PUT', `/sso-providers/${added.id}`, {
    kind: 'oidc',
    name: OIDC_NAME,
    settings: oidcSettings(oidc.issuer),
  })
  expect(pointed).toMatchObject({ hasSecret: true, enabled: true })

  const wecom = await startWecomStandIn()
  const wecomAdded = await security.call<{ id: string }>('POST', '/sso-providers', {
    kind: 'wecom',
    name: WECOM_NAME,
    secret: wecom.secret,
    settings: {
      corpId: wecom.corpId,
      agentId: wecom.agentId,
      authorizeUrl: `${wecom.baseUrl}/wwopen/sso/qrConnect`,
      apiBaseUrl: wecom.baseUrl,
      roleMapping: wecomDepartments,
      defaultRole: null,
    },
  })
  return {
    oidc,
    wecom,
    oidcProviderId: added.id,
    wecomProviderId: wecomAdded.id,
    close: async () => {
      await oidc.close()
      await wecom.close()
    },
  }
}

export const SIGN_ON_NAMES = { oidc: OIDC_NAME, wecom: WECOM_NAME }
