import { spawn } from 'node:child_process'
import { cpus, totalmem } from 'node:os'
import autocannon from 'autocannon'
import Database from 'better-sqlite3'

/**
 * Public submission throughput with unit roll-ups against without, in the same run and the same
 * server process: answers on a per-unit link (`unit` = a county's code: the unit is looked up by
 * code and the answer added to response_unit_daily_counts in the same transaction) against
 * answers on the plain link (no unit, no roll-up row). The two loads alternate (A B A B …) so
 * a busy neighbour on the machine slows both alike.
 *
 *   npx tsx bench/unit-rollups.bench.ts        (BENCH_SECONDS per run, default 6; BENCH_ROUNDS, default 3)
 */
export interface UnitRollupBenchResult {
  withoutRps: number[]
  withRps: number[]
  ratio: number
  withP99Ms: number
  stored: number
  rolledUp: number
  attributed: number
  non2xx: number
}

function startServer(): Promise<{ kill: () => void; fields: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/unit-rollups-server.ts'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    child.stdout!.on('data', (chunk: Buffer) => {
      const line = chunk
        .toString()
        .split('\n')
        .find((l) => l.startsWith('READY '))
      if (line) resolve({ kill: () => child.kill(), fields: line.trim().split(' ').slice(1) })
    })
    child.on('exit', (code) => reject(new Error(`unit-rollups-server exited with ${code}`)))
  })
}

function load(url: string, seconds: number, unit: string | null): Promise<autocannon.Result> {
  return autocannon({
    url,
    method: 'POST',
    connections: 50,
    duration: seconds,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      answers: { nps: 9, comment: '服务态度很好' },
      ...(unit ? { segments: { unit } } : {}),
    }),
  })
}

export async function benchUnitRollups(
  seconds: number,
  rounds: number,
): Promise<UnitRollupBenchResult> {
  const server = await startServer()
  const [port, slug, dbPath] = server.fields as [string, string, string]
  const url = `http://127.0.0.1:${port}/api/v1/public/surveys/${slug}/responses`
  const withoutRps: number[] = []
  const withRps: number[] = []
  let p99 = 0
  let non2xx = 0
  try {
    // Warm-up (JIT, connections, the unit lookup's statement) for both kinds of answers.
    await load(url, 2, null)
    await load(url, 2, 'C3-2')
    for (let round = 0; round < rounds; round++) {
      const plain = await load(url, seconds, null)
      const withUnit = await load(url, seconds, `C${1 + (round % 12)}-${1 + (round % 5)}`)
      withoutRps.push(plain.requests.average)
      withRps.push(withUnit.requests.average)
      p99 = Math.max(p99, withUnit.latency.p99)
      non2xx += plain.non2xx + withUnit.non2xx
    }
  } finally {
    server.kill()
  }
  const db = new Database(dbPath, { readonly: true })
  const one = (q: string) => (db.prepare(q).get() as { n: number | null }).n ?? 0
  const stored = one('select count(*) as n from responses')
  const attributed = one('select count(*) as n from responses where unit_id is not null')
  const rolledUp = one('select sum(responses) as n from response_unit_daily_counts')
  db.close()
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0)
  return {
    withoutRps,
    withRps,
    ratio: sum(withRps) / sum(withoutRps),
    withP99Ms: p99,
    stored,
    rolledUp,
    attributed,
    non2xx,
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const seconds = Number(process.env.BENCH_SECONDS ?? 6)
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3)
  console.log(`Unit roll-ups benchmark — ${new Date().toISOString()}`)
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
  )
  const r = await benchUnitRollups(seconds, rounds)
  const fmt = (values: number[]) => values.map((v) => v.toFixed(0)).join(', ')
  console.log('Public submission (autocannon -c 50, SQLite WAL, synchronous=FULL, group commit)')
  console.log(`  without a unit (plain link)     ${fmt(r.withoutRps)} req/s`)
  console.log(`  with a unit (per-unit link)     ${fmt(r.withRps)} req/s  (p99 ${r.withP99Ms} ms)`)
  console.log(`  ratio                           ${(r.ratio * 100).toFixed(1)}% of without`)
  console.log(
    `  stored ${r.stored}, with a unit ${r.attributed}, in the unit roll-up ${r.rolledUp}, non-2xx ${r.non2xx}`,
  )
}
