import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

/** Test-only: a local SMS / WeChat gateway that keeps every message posted to it. */
export interface TestGateway {
  url: string
  requests: Array<{ headers: IncomingHttpHeaders; body: string; json: Record<string, unknown> }>
  /** Statuses answered to the next requests, in order (then 200). */
  answers: number[]
  close(): Promise<void>
}

export async function startTestGateway(): Promise<TestGateway> {
  const requests: TestGateway['requests'] = []
  const answers: number[] = []
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const status = answers.shift() ?? 200
      if (status >= 200 && status < 300) {
        let json: Record<string, unknown> = {}
        try {
          json = JSON.parse(body) as Record<string, unknown>
        } catch {
          // Kept with an empty json: the test sees what was sent.
        }
        requests.push({ headers: request.headers, body, json })
      }
      response.writeHead(status, { 'content-type': 'application/json' })
      response.end(JSON.stringify({ ok: status < 300 }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/sms/send`,
    requests,
    answers,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
