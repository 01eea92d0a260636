import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One customer-service message as it arrived at the stand-in. */
export interface WechatSentMessage {
  accessToken: string
  body: { touser: string; msgtype: string; text: { content: string } }
}

/**
 * Test-only: the two WeChat APIs replies use, as the platform documents them. POST
 * /cgi-bin/stable_token gives a token for the right appid and secret (errcode 40125 otherwise);
 * POST /cgi-bin/message/custom/send takes a text for a follower who wrote in the last 48 hours
 * (`active`), answers 45015 for anyone else and 40001 for a token it did not give or one
 * `revokeTokens` voided.
 */
export async function startWechatApiStandIn(account: { appId: string; appSecret: string }) {
  const sent: WechatSentMessage[] = []
  const active = new Set<string>()
  const valid = new Set<string>()
  let issued = 0
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://stand-in')
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}')
      const answer = (json: unknown) => {
        response.writeHead(200, { 'content-type': 'application/json' })
        response.end(JSON.stringify(json))
      }
      if (request.method === 'POST' && url.pathname === '/cgi-bin/stable_token') {
        if (body.appid !== account.appId || body.secret !== account.appSecret)
          return answer({ errcode: 40125, errmsg: 'invalid appsecret' })
        issued++
        const token = `token-${issued}`
        valid.add(token)
        return answer({ access_token: token, expires_in: 7200 })
      }
      if (request.method === 'POST' && url.pathname === '/cgi-bin/message/custom/send') {
        const token = url.searchParams.get('access_token') ?? ''
        if (!valid.has(token)) return answer({ errcode: 40001, errmsg: 'invalid credential' })
        if (!active.has(body.touser))
          return answer({ errcode: 45015, errmsg: 'response out of time limit' })
        sent.push({ accessToken: token, body })
        return answer({ errcode: 0, errmsg: 'ok' })
      }
      response.writeHead(404)
      response.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    base: `http://127.0.0.1:${port}`,
    sent,
    active,
    tokensIssued: () => issued,
    revokeTokens: () => valid.clear(),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
