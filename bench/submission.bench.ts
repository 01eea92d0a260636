import { spawn, type ChildProcess } from 'node:child_process'
import autocannon from 'autocannon'
import Database from 'better-sqlite3'

export interface SubmissionResult {
  bareRps: number
  /** Answers without a unit: no unit roll-up is written (the submission as before units). */
  manyiRps: number
  ratio: number
  manyiP99Ms: number
  stored: number
  non2xx: number
  /** The same answers through a per-unit link (hidden field unit = H1): unit roll-ups kept too. */
  unitRps: number
  unitP99Ms: number
  /** Of unitRps to manyiRps (goal: within 10%, ≥ 0.9). */
  unitRatio: number
  /** Answers stored with the unit, and the answers the unit's daily roll-up counts. */
  unitStored: number
  unitRolledUp: number
  unitNon2xx: number
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

async function hammer(url: string, seconds: number, unit?: string): Promise<autocannon.Result> {
  // Every server gets the same 2-second warm-up (JIT, connection set-up) before the measured run.
  await autocannon({ ...options(url, unit), duration: 2 })
  return autocannon({ ...options(url, unit), duration: seconds })
}

function options(url: string, unit?: string): autocannon.Options {
  const answers = { nps: 9, comment: '服务态度很好' }
  return {
    url,
    method: 'POST',
    connections: 50,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(unit ? { answers, segments: { unit } } : { answers }),
  }
}

/** A fresh Manyi server hammered with answers (with `unit`: through that unit's link). */
async function hammerManyi(seconds: number, unit?: string) {
  const manyi = await startServer('bench/servers/manyi-server.ts')
  const [port, slug, dbPath] = manyi.fields as [string, string, string]
  const result = await hammer(
    `http://127.0.0.1:${port}/api/v1/public/surveys/${slug}/responses`,
    seconds,
    unit,
  )
  manyi.child.kill()
  const db = new Database(dbPath, { readonly: true })
  const count = (query: string) => Number((db.prepare(query).get() as { n: number | null }).n ?? 0)
  const stored = count('select count(*) as n from responses')
  const withUnit = count('select count(*) as n from responses where unit_id is not null')
  const rolledUp = count('select sum(responses) as n from response_unit_daily_counts')
  db.close()
  return { result, stored, withUnit, rolledUp }
}

/**
 * Public submission throughput against a bare Fastify JSON POST, each server in its own process;
 * then the same answers through a per-unit link (unit roll-ups kept in the answer's transaction)
 * against those without a unit, each on a fresh store, in the same run.
 */
export async function benchSubmission(seconds: number): Promise<SubmissionResult> {
  const bare = await startServer('bench/servers/bare-fastify.ts')
  const bareResult = await hammer(`http://127.0.0.1:${bare.fields[0]}/echo`, seconds)
  bare.child.kill()
  const plain = await hammerManyi(seconds)
  const unit = await hammerManyi(seconds, 'H1')
  return {
    bareRps: bareResult.requests.average,
    manyiRps: plain.result.requests.average,
    ratio: plain.result.requests.average / bareResult.requests.average,
    manyiP99Ms: plain.result.latency.p99,
    stored: plain.stored,
    non2xx: plain.result.non2xx,
    unitRps: unit.result.requests.average,
    unitP99Ms: unit.result.latency.p99,
    unitRatio: unit.result.requests.average / plain.result.requests.average,
    unitStored: unit.withUnit,
    unitRolledUp: unit.rolledUp,
    unitNon2xx: unit.result.non2xx,
  }
}
