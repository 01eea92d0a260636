import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * Test-only: stand-ins on 127.0.0.1 for DingTalk's (钉钉) and Feishu's (飞书) sign-in endpoints as
 * documented, each recording every request (path, query, headers, body) for the test to check.
 * Their sign-in pages send the browser straight back with a code, as after a person signed in.
 */

export interface RecordedRequest {
  method: string
  path: string
  query: Record<string, string>
  headers: Record<string, string | string[] | undefined>
  body: Record<string, unknown> | null
}

export interface IdpPerson {
  id: string
  name: string
  email?: string
}

export interface StandIn {
  baseUrl: string
  clientId: string
  secret: string
  person: { current: IdpPerson }
  requests: RecordedRequest[]
  close(): Promise<void>
}

type Handler = (
  req: RecordedRequest,
  json: (status: number, body: object) => void,
  redirect: (to: string) => void,
) => void

async function startServer(
  handler: Handler,
): Promise<{ server: Server; baseUrl: string; requests: RecordedRequest[] }> {
  const requests: RecordedRequest[] = []
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stand-in')
      const text = Buffer.concat(chunks).toString('utf8')
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body: text ? (JSON.parse(text) as Record<string, unknown>) : null,
      }
      requests.push(recorded)
      handler(
        recorded,
        (status, body) => {
          res.statusCode = status
          res.setHeader('content-type', 'application/json')
          res.end(JSON.stringify(body))
        },
        (to) => {
          res.statusCode = 302
          res.setHeader('location', to)
          res.end()
        },
      )
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests }
}

const closing = (server: Server) => () =>
  new Promise<void>((resolve) => server.close(() => resolve()))

/** DingTalk: oauth2/auth → authCode; POST v1.0/oauth2/userAccessToken; GET v1.0/contact/users/me. */
export async function startDingtalkStandIn(): Promise<StandIn> {
  const clientId = 'ding-app-key'
  const secret = 'ding-app-secret-0123456789'
  const person = { current: { id: 'union-1', name: '钱客服' } as IdpPerson }
  const codes = new Map<string, IdpPerson>()
  const tokens = new Map<string, IdpPerson>()
  let n = 0
  const { server, baseUrl, requests } = await startServer((req, json, redirect) => {
    if (req.path === '/oauth2/auth') {
      const code = `auth-code-${++n}`
      codes.set(code, person.current)
      const back = new URL(req.query.redirect_uri!)
      back.searchParams.set('authCode', code)
      back.searchParams.set('state', req.query.state ?? '')
      return redirect(back.href)
    }
    if (req.path === '/v1.0/oauth2/userAccessToken' && req.method === 'POST') {
      const b = req.body ?? {}
      const who = codes.get(String(b.code))
      codes.delete(String(b.code))
      if (
        b.clientId !== clientId ||
        b.clientSecret !== secret ||
        b.grantType !== 'authorization_code'
      )
        return json(400, { code: 'invalidClient', message: 'client check failed' })
      if (!who) return json(400, { code: 'invalidAuthCode', message: 'authCode invalid' })
      const token = `ding-token-${++n}`
      tokens.set(token, who)
      return json(200, {
        accessToken: token,
        refreshToken: 'r',
        expireIn: 7200,
        corpId: 'ding-corp',
      })
    }
    if (req.path === '/v1.0/contact/users/me') {
      const who = tokens.get(String(req.headers['x-acs-dingtalk-access-token']))
      if (!who) return json(401, { code: 'InvalidAuthentication', message: 'token invalid' })
      return json(200, {
        nick: who.name,
        unionId: who.id,
        openId: `open-${who.id}`,
        ...(who.email ? { email: who.email } : {}),
        stateCode: '86',
      })
    }
    json(404, { code: 'NotFound' })
  })
  return { baseUrl, clientId, secret, person, requests, close: closing(server) }
}

/**
 * Feishu: authen/v1/authorize → code; POST auth/v3/app_access_token/internal; POST
 * authen/v1/oidc/access_token (app token as Bearer); GET authen/v1/user_info (user token as Bearer).
 */
export async function startFeishuStandIn(): Promise<StandIn> {
  const clientId = 'cli_feishu_app'
  const secret = 'feishu-app-secret-0123456789'
  const person = { current: { id: 'on_union_1', name: '孙主管' } as IdpPerson }
  const codes = new Map<string, IdpPerson>()
  const userTokens = new Map<string, IdpPerson>()
  const appToken = 'a-app-token'
  let n = 0
  const { server, baseUrl, requests } = await startServer((req, json, redirect) => {
    const bearer = String(req.headers.authorization ?? '').replace(/^Bearer /, '')
    if (req.path === '/open-apis/authen/v1/authorize') {
      if (req.query.app_id !== clientId) return json(200, { code: 20024, msg: 'app_id invalid' })
      const code = `feishu-code-${++n}`
      codes.set(code, person.current)
      const back = new URL(req.query.redirect_uri!)
      back.searchParams.set('code', code)
      back.searchParams.set('state', req.query.state ?? '')
      return redirect(back.href)
    }
    if (req.path === '/open-apis/auth/v3/app_access_token/internal') {
      if (req.body?.app_id !== clientId || req.body?.app_secret !== secret)
        return json(200, { code: 10014, msg: 'app secret invalid' })
      return json(200, { code: 0, msg: 'ok', app_access_token: appToken, expire: 7200 })
    }
    if (req.path === '/open-apis/authen/v1/oidc/access_token') {
      const who = codes.get(String(req.body?.code))
      codes.delete(String(req.body?.code))
      if (bearer !== appToken) return json(200, { code: 99991663, msg: 'app token invalid' })
      if (!who || req.body?.grant_type !== 'authorization_code')
        return json(200, { code: 20003, msg: 'code invalid' })
      const token = `u-token-${++n}`
      userTokens.set(token, who)
      return json(200, { code: 0, msg: 'success', data: { access_token: token, expires_in: 6900 } })
    }
    if (req.path === '/open-apis/authen/v1/user_info') {
      const who = userTokens.get(bearer)
      if (!who) return json(200, { code: 99991668, msg: 'user token invalid' })
      return json(200, {
        code: 0,
        msg: 'success',
        data: {
          name: who.name,
          union_id: who.id,
          open_id: `ou_${who.id}`,
          ...(who.email ? { enterprise_email: who.email } : {}),
          tenant_key: 'tenant',
        },
      })
    }
    json(404, { code: 404 })
  })
  return { baseUrl, clientId, secret, person, requests, close: closing(server) }
}
