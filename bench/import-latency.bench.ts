import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { FastifyInstance } from 'fastify'
import { bootstrapFirstAdmin } from '../src/auth/bootstrap.js'
import { loadConfig } from '../src/config.js'
import type { DialectName } from '../src/db/dialect-features.js'
import { createTestStore } from '../src/db/test-store.js'
import { buildApp, composeApp } from '../src/server/app.js'
import { writeXlsx } from '../src/tabular/test-files.js'

/**
 * Health checks and answers while large files are imported (hole 7 of issue 11): a 200,000-row CSV
 * (skipping invalid rows) and then a 60,000-row XLSX (on PostgreSQL all-or-nothing, which reads a
 * file of over 50,000 rows twice; on SQLite skipping invalid rows, as an all-or-nothing import
 * there makes answers wait for its transactions) are imported over real HTTP while /healthz is
 * asked every 50 ms and an answer is posted every 300 ms. The bound the unit test held before it
 * moved here (src/server/security/import-limits.test.ts keeps a small version of it): every
 * health check and answer within 1 s plus three times the worst idle health-check latency.
 * A throughput check: a 200,000-row import takes minutes on a busy 2-core machine.
 */

export interface ImportLatencyResult {
  dialect: DialectName
  csvRows: number
  xlsxRows: number
  csvSeconds: number
  xlsxSeconds: number
  idleMaxMs: number
  boundMs: number
  healthChecks: number
  healthMaxMs: number
  healthP99Ms: number
  answers: number
  answersMaxMs: number
  answersP99Ms: number
  /** Health checks not answered 200 plus answers not answered 201 (must be 0). */
  failures: number
  withinBound: boolean
}

const ADMIN = { email: 'bench@import-latency.local', password: 'bench-password-1' }
const SURVEY = {
  title: { 'zh-CN': '门店服务', 'en-US': 'Store service' },
  questions: [
    {
      key: 'nps',
      type: 'nps',
      title: { 'zh-CN': '推荐可能性', 'en-US': 'Recommend' },
      required: true,
    },
    {
      key: 'csat',
      type: 'csat',
      title: { 'zh-CN': '满意度', 'en-US': 'Satisfaction' },
      required: false,
    },
  ],
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const p99 = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0
}

export async function benchImportLatency(
  dialect: DialectName,
  csvRows = 200_000,
  xlsxRows = 60_000,
): Promise<ImportLatencyResult> {
  const store = await createTestStore(dialect)
  const dir = await mkdtemp(join(tmpdir(), 'manyi-import-latency-'))
  let app: FastifyInstance | undefined
  try {
    const now = Date.now()
    await bootstrapFirstAdmin(store.db, ADMIN.email, ADMIN.password, now)
    const config = loadConfig(
      {},
      {
        logLevel: 'silent',
        webDir: '/nonexistent',
        importMaxBytes: 64 * 1024 * 1024,
        importMaxUncompressedBytes: 256 * 1024 * 1024,
        importMaxRows: Math.max(csvRows, xlsxRows) + 1,
      },
    )
    app = await buildApp(composeApp({ store, config, clock: () => Date.now() }))
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: ADMIN })
    if (login.statusCode !== 200) throw new Error(`login failed: ${login.body}`)
    const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ')
    const created = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/surveys',
        headers: { cookie },
        payload: SURVEY,
      })
    ).json() as { id: string; slug: string }
    await app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${created.id}/publish`,
      headers: { cookie },
    })
    const base = await app.listen({ host: '127.0.0.1', port: 0 })

    const csv = Buffer.from(
      `id,nps,csat\n${Array.from({ length: csvRows }, (_, i) => `c${i},${i % 11},${(i % 5) + 1}`).join('\n')}\n`,
    )
    const xlsxPath = join(dir, 'big.xlsx')
    await writeXlsx(xlsxPath, ['id', 'nps', 'csat'], xlsxRows, (i) => [
      `x${i}`,
      i % 11,
      (i % 5) + 1,
    ])
    const xlsx = await readFile(xlsxPath)

    const importFile = async (file: string, body: Buffer, options: object, rows: number) => {
      const started = performance.now()
      const response = await fetch(
        `${base}/api/v1/surveys/${created.id}/responses/import-jobs?file=${file}&options=${encodeURIComponent(JSON.stringify(options))}`,
        {
          method: 'POST',
          headers: { cookie, 'content-type': 'application/octet-stream' },
          body: new Uint8Array(body),
        },
      )
      const job = (await response.json()) as { id: string }
      if (response.status !== 202)
        throw new Error(`${file}: ${response.status} ${JSON.stringify(job)}`)
      for (;;) {
        const state = (await (
          await fetch(`${base}/api/v1/import-jobs/${job.id}`, { headers: { cookie } })
        ).json()) as { status: string; report: { imported: number } | null; error: unknown }
        if (state.status === 'failed') throw new Error(`${file}: ${JSON.stringify(state.error)}`)
        if (state.status === 'done') {
          if (state.report?.imported !== rows)
            throw new Error(`${file}: imported ${state.report?.imported} of ${rows}`)
          return (performance.now() - started) / 1000
        }
        await wait(100)
      }
    }

    const idle: number[] = []
    for (let i = 0; i < 20; i++) {
      const started = performance.now()
      await (await fetch(`${base}/healthz`)).arrayBuffer()
      idle.push(performance.now() - started)
      await wait(50)
    }
    const idleMaxMs = Math.max(...idle)
    const boundMs = 1000 + 3 * idleMaxMs

    const health: Array<{ status: number; ms: number }> = []
    const answers: Array<{ status: number; ms: number }> = []
    let importing = true
    const probe = async (list: typeof health, every: number, request: () => Promise<Response>) => {
      while (importing) {
        const started = performance.now()
        const response = await request()
        await response.arrayBuffer()
        list.push({ status: response.status, ms: performance.now() - started })
        await wait(every)
      }
    }
    const probes = Promise.all([
      probe(health, 50, () => fetch(`${base}/healthz`)),
      probe(answers, 300, () =>
        fetch(`${base}/api/v1/public/surveys/${created.slug}/responses`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ answers: { nps: 10 } }),
        }),
      ),
    ])
    let csvSeconds: number
    let xlsxSeconds: number
    try {
      csvSeconds = await importFile(
        'big.csv',
        csv,
        { mode: 'skip-invalid', idColumn: 'id' },
        csvRows,
      )
      xlsxSeconds = await importFile(
        'big.xlsx',
        xlsx,
        { mode: dialect === 'sqlite' ? 'skip-invalid' : 'all-or-nothing', idColumn: 'id' },
        xlsxRows,
      )
    } finally {
      importing = false
      await probes
    }
    const failures =
      health.filter((h) => h.status !== 200).length + answers.filter((a) => a.status !== 201).length
    const healthMaxMs = Math.max(...health.map((h) => h.ms))
    const answersMaxMs = Math.max(...answers.map((a) => a.ms))
    return {
      dialect,
      csvRows,
      xlsxRows,
      csvSeconds,
      xlsxSeconds,
      idleMaxMs,
      boundMs,
      healthChecks: health.length,
      healthMaxMs,
      healthP99Ms: p99(health.map((h) => h.ms)),
      answers: answers.length,
      answersMaxMs,
      answersP99Ms: p99(answers.map((a) => a.ms)),
      failures,
      withinBound:
        failures === 0 &&
        health.length > 20 &&
        answers.length > 5 &&
        healthMaxMs < boundMs &&
        answersMaxMs < boundMs,
    }
  } finally {
    await app?.close()
    await store.close()
    await rm(dir, { recursive: true, force: true })
  }
}
