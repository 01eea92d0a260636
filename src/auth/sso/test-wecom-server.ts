import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * Test-only: a stand-in for WeCom's (企业微信) sign-in endpoints on 127.0.0.1, as documented:
 * `/wwopen/sso/qrConnect` (the member "scans" and is sent back with a code), `/cgi-bin/gettoken`
 * (corp id + app secret → access_token), `/cgi-bin/auth/getuserinfo` (access_token + code →
 * userid) and `/cgi-bin/user/get` (access_token + userid → the member). Failures answer as WeCom
 * does: HTTP 200 with a non-zero errcode. Every request is recorded for the test to check.
 */

export interface WecomMember {
  userid: string
  name: string
  department: number[]
  email?: string
}

export interface WecomStandIn {
  baseUrl: string
  corpId: string
  agentId: string
  secret: string
  /** Who scans the QR code next. */
  member: { current: WecomMember }
  requests: Array<{ path: string; query: Record<string, string> }>
  close(): Promise<void>
}

export async function startWecomStandIn(): Promise<WecomStandIn> {
  const corpId = 'ww-test-corp'
  const agentId = '1000002'
  const secret = 'wecom-app-secret-0123456789'
  const member = { current: { userid: 'WangKeFu', name: '王客服', department: [2] } as WecomMember }
  const requests: WecomStandIn['requests'] = []
  const codes = new Map<string, WecomMember>()
  const tokens = new Set<string>()
  let counter = 0
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in')
    const query = Object.fromEntries(url.searchParams)
    requests.push({ path: url.pathname, query })
    const json = (body: object) => {
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify(body))
    }
    if (url.pathname === '/wwopen/sso/qrConnect') {
      if (query.appid !== corpId || query.agentid !== agentId) return json({ errcode: 40013 })
      const code = `code-${++counter}`
      codes.set(code, member.current)
      const back = new URL(query.redirect_uri!)
      back.searchParams.set('code', code)
      back.searchParams.set('state', query.state ?? '')
      back.searchParams.set('appid', corpId)
      res.statusCode = 302
      res.setHeader('location', back.href)
      return res.end()
    }
    if (url.pathname === '/cgi-bin/gettoken') {
      if (query.corpid !== corpId || query.corpsecret !== secret)
        return json({ errcode: 40001, errmsg: 'invalid credential' })
      const token = `token-${++counter}`
      tokens.add(token)
      return json({ errcode: 0, errmsg: 'ok', access_token: token, expires_in: 7200 })
    }
    if (!tokens.has(query.access_token ?? ''))
      return json({ errcode: 40014, errmsg: 'invalid access_token' })
    if (url.pathname === '/cgi-bin/auth/getuserinfo') {
      const who = codes.get(query.code ?? '')
      codes.delete(query.code ?? '')
      if (!who) return json({ errcode: 40029, errmsg: 'invalid code' })
      return json({ errcode: 0, errmsg: 'ok', userid: who.userid, user_ticket: 'ticket' })
    }
    if (url.pathname === '/cgi-bin/user/get') {
      const who = [member.current].find((m) => m.userid === query.userid)
      if (!who) return json({ errcode: 60111, errmsg: 'userid not found' })
      return json({ errcode: 0, errmsg: 'ok', ...who })
    }
    res.statusCode = 404
    res.end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    baseUrl,
    corpId,
    agentId,
    secret,
    member,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
