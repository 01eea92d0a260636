import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One POST a robot's server received. */
export interface Received {
  path: string
  query: URLSearchParams
  body: Record<string, unknown>
}

/**
 * A stand-in for the WeCom, DingTalk and Feishu robots' servers (tests only): records each POST
 * and answers as the robot would; a path holding "refuse" answers with the robot's error code.
 */
export async function startRobotServer(): Promise<{
  server: Server
  url: string
  received: Received[]
}> {
  const received: Received[] = []
  const read = async (request: IncomingMessage) => {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks).toString('utf8')
  }
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://robot')
    const body = JSON.parse(await read(request)) as Record<string, unknown>
    received.push({ path: url.pathname, query: url.searchParams, body })
    const refused = url.pathname.includes('refuse')
    response.setHeader('content-type', 'application/json')
    if (url.pathname.startsWith('/feishu'))
      response.end(JSON.stringify({ code: refused ? 19021 : 0 }))
    else
      response.end(
        JSON.stringify({
          errcode: refused ? 310000 : 0,
          errmsg: refused ? 'sign not match' : 'ok',
        }),
      )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received }
}
