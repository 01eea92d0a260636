import { performance } from 'node:perf_hooks'
import { bootstrapFirstAdmin, systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { insertResponseBatch } from '../src/responses/response-insert.js'
import { importResponses } from '../src/responses/response-import.js'
import { buildResponseRow } from '../src/responses/response-row.js'
import { createSurvey, publishSurvey } from '../src/surveys/survey.service.js'
import { parseCsvText } from '../src/tabular/csv-text.js'
import { createTestStore } from '../src/db/test-store.js'

export interface ImportBenchResult {
  rows: number
  importSeconds: number
  rawSeconds: number
  importRowsPerSecond: number
  rawRowsPerSecond: number
  ratio: number
}

/**
 * `importResponses` on a CSV of `rows` answers (parse, map, check every row,
 * key it, write in one transaction) against raw batched inserts of the same
 * number of ready-made rows, each on a fresh SQLite store.
 */
export async function benchImport(rows: number): Promise<ImportBenchResult> {
  const lines = ['id,time,nps,csat,comment,region']
  for (let i = 0; i < rows; i++) {
    const at = new Date(Date.parse('2026-01-01T00:00:00Z') + i * 20_000).toISOString()
    lines.push(
      `${i},${at},${i % 11},${1 + (i % 5)},${i % 3 === 0 ? '服务态度很好' : ''},${['华东', '华南', '华北'][i % 3]}`,
    )
  }
  const csv = lines.join('\n')

  const measure = async (run: (scope: Awaited<ReturnType<typeof setUp>>) => Promise<void>) => {
    const setup = await setUp()
    try {
      const t0 = performance.now()
      await run(setup)
      return (performance.now() - t0) / 1000
    } finally {
      await setup.store.close()
    }
  }

  const importSeconds = await measure(async ({ scope, surveyId }) => {
    const report = await importResponses(scope, surveyId, parseCsvText('bench.csv', csv), {
      idColumn: 'id',
      submittedAtColumn: 'time',
      segmentColumns: ['region'],
    })
    if (report.imported !== rows) throw new Error(`imported ${report.imported} of ${rows}`)
  })
  const rawSeconds = await measure(async ({ scope, surveyId, survey }) => {
    await scope.db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows; i += 1000) {
        const batch = []
        for (let j = i; j < Math.min(rows, i + 1000); j++) {
          batch.push(
            buildResponseRow({
              survey,
              orgId: scope.orgId,
              timezone: 'Asia/Shanghai',
              answers: { nps: j % 11, csat: 1 + (j % 5) },
              clientResponseId: `raw-${j}`,
              locale: 'zh-CN',
              channel: 'import',
              segments: {},
              submittedAt: Date.parse('2026-01-01T00:00:00Z') + j * 20_000,
            }),
          )
        }
        await insertResponseBatch(trx, batch)
      }
    })
    void surveyId
  })
  return {
    rows,
    importSeconds,
    rawSeconds,
    importRowsPerSecond: rows / importSeconds,
    rawRowsPerSecond: rows / rawSeconds,
    ratio: rawSeconds / importSeconds,
  }
}

async function setUp() {
  const store = await createTestStore('sqlite')
  await bootstrapFirstAdmin(store.db, 'bench@import.local', 'bench-password-1', Date.now())
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now()))!
  const survey = await publishSurvey(
    scope,
    (
      await createSurvey(scope, {
        title: { 'zh-CN': '导入基准' },
        questions: [
          { key: 'nps', type: 'nps', title: { 'zh-CN': 'NPS' }, required: true },
          { key: 'csat', type: 'csat', title: { 'zh-CN': 'CSAT' } },
          { key: 'comment', type: 'text', title: { 'zh-CN': '意见' } },
        ],
      })
    ).id,
  )
  return { store, scope, surveyId: survey.id, survey }
}
