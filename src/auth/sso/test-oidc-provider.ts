import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import Provider from 'oidc-provider'

/**
 * Test-only: a real OpenID Provider (oidc-provider) on 127.0.0.1, with one confidential client and
 * accounts given by the test. Sign-in at the provider is automatic for `account.current`: the
 * interaction step finishes at once with that account and a grant of the requested scopes, as a
 * person who signed in and consented would.
 */

export interface StandInAccount {
  sub: string
  email: string
  name: string
  groups: string[]
}

export interface OidcStandIn {
  issuer: string
  clientId: string
  clientSecret: string
  /** Who signs in at the provider next. */
  account: { current: StandInAccount }
  close(): Promise<void>
}

export async function startOidcStandIn(redirectUri: string): Promise<OidcStandIn> {
  const server: Server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const account = {
    current: { sub: 'u-1', email: 'li@idp.test', name: 'Li', groups: [] } as StandInAccount,
  }
  const accounts = new Map<string, StandInAccount>()
  const clientId = 'manyi-test'
  const clientSecret = 'stand-in-client-secret-0123456789abcdef'
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name'],
      groups: ['groups'],
    },
    scopes: ['openid', 'email', 'profile', 'groups'],
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    interactions: {
      url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
    },
    async findAccount(_ctx: unknown, sub: string) {
      const found = accounts.get(sub)
      if (!found) return undefined
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          email: found.email,
          email_verified: true,
          name: found.name,
          groups: found.groups,
        }),
      }
    },
  })
  const callback = provider.callback()
  server.on('request', async (req, res) => {
    const interaction = /^\/interaction\/([^/?]+)/.exec(req.url ?? '')
    if (!interaction) return callback(req, res)
    try {
      const details = await provider.interactionDetails(req, res)
      const who = account.current
      accounts.set(who.sub, who)
      const grant = new provider.Grant({ accountId: who.sub, clientId })
      const scope = String((details.params as { scope?: string }).scope ?? 'openid')
      grant.addOIDCScope(scope)
      const grantId = await grant.save()
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: who.sub }, consent: { grantId } },
        { mergeWithLastSubmission: false },
      )
    } catch (error) {
      res.statusCode = 500
      res.end(String(error))
    }
  })
  return {
    issuer,
    clientId,
    clientSecret,
    account,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/**
 * Test-only: follow the browser's redirects through the provider (with its cookies) until one
 * leaves it, and answer that address (the app's callback with code and state).
 */
export async function followProvider(start: string, issuer: string): Promise<URL> {
  const jar = new Map<string, string>()
  let url = new URL(start)
  for (let hop = 0; hop < 10; hop++) {
    if (!url.href.startsWith(issuer)) return url
    const res = await fetch(url, {
      redirect: 'manual',
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    })
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const [name, ...value] = pair!.split('=')
      jar.set(name!.trim(), value.join('='))
    }
    const location = res.headers.get('location')
    if (!location)
      throw new Error(`provider stopped at ${url.pathname}: ${res.status} ${await res.text()}`)
    url = new URL(location, url)
  }
  throw new Error('too many redirects at the provider')
}
