import { spawn, type ChildProcess } from 'node:child_process'
import autocannon from 'autocannon'
import Database from 'better-sqlite3'

export interface SubmissionResult {
  bareRps: number
  manyiRps: number
  ratio: number
  manyiP99Ms: number
  stored: number
  non2xx: number
}

function startServer(script: string): Promise<{ child: ChildProcess; fields: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    child.stdout!.on('data', (chunk: Buffer) => {
      const line = chunk
        .toString()
        .split('\n')
        .find((l) => l.startsWith('READY '))
      if (line) resolve({ child, fields: line.trim().split(' ').slice(1) })
    })
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code}`)))
  })
}

async function hammer(url: string, seconds: number): Promise<autocannon.Result> {
  // Both servers get the same 2-second warm-up (JIT, connection set-up) before the measured run.
  await autocannon({ ...options(url), duration: 2 })
  return autocannon({ ...options(url), duration: seconds })
}

function options(url: string): autocannon.Options {
  return {
    url,
    method: 'POST',
    connections: 50,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ answers: { nps: 9, comment: '服务态度很好' } }),
  }
}

/** Public submission throughput against a bare Fastify JSON POST, each server in its own process. */
export async function benchSubmission(seconds: number): Promise<SubmissionResult> {
  const bare = await startServer('bench/servers/bare-fastify.ts')
  const bareResult = await hammer(`http://127.0.0.1:${bare.fields[0]}/echo`, seconds)
  bare.child.kill()
  const manyi = await startServer('bench/servers/manyi-server.ts')
  const [port, slug, dbPath] = manyi.fields as [string, string, string]
  const manyiResult = await hammer(
    `http://127.0.0.1:${port}/api/v1/public/surveys/${slug}/responses`,
    seconds,
  )
  manyi.child.kill()
  const db = new Database(dbPath, { readonly: true })
  const stored = (db.prepare('select count(*) as n from responses').get() as { n: number }).n
  db.close()
  return {
    bareRps: bareResult.requests.average,
    manyiRps: manyiResult.requests.average,
    ratio: manyiResult.requests.average / bareResult.requests.average,
    manyiP99Ms: manyiResult.latency.p99,
    stored,
    non2xx: manyiResult.non2xx,
  }
}
