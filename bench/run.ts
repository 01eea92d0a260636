import { cpus, totalmem } from 'node:os'
import { SingleBar, Presets } from 'cli-progress'
import { postgresReachable } from '../src/db/test-store.js'
import { benchAnalytics } from './analytics.bench.js'
import { benchImport } from './import.bench.js'
import { benchImportLatency } from './import-latency.bench.js'
import { benchIntake } from './intake.bench.js'
import { benchSubmission } from './submission.bench.js'
import { benchSummary, type SummaryResult } from './summary.bench.js'
import { benchText } from './text.bench.js'

const rows = Number(process.env.BENCH_ROWS ?? 1_000_000)
const seconds = Number(process.env.BENCH_SECONDS ?? 10)
const runs = Number(process.env.BENCH_RUNS ?? 30)
const fmt = (v: number, d = 1) => v.toFixed(d)

console.log(`Manyi benchmarks — ${new Date().toISOString()}`)
console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${fmt(totalmem() / 2 ** 30, 0)} GiB, Node ${process.version}\n`,
)

const only = process.env.BENCH_ONLY
if (only === undefined || only === 'text') {
  const text = benchText(Number(process.env.BENCH_COMMENTS ?? 100_000))
  console.log(
    'Text analytics (one core; accuracy by the sign of the score, neutral band counted by sign)',
  )
  const pct = (v: number) => `${fmt(v * 100)}%`
  console.log(
    `  ${'ChnSentiCorp hotel reviews, held-out 10% (model provenance)'.padEnd(66)} accuracy ${pct(text.hotelHeldOut.accuracy)}  macro-F1 ${pct(text.hotelHeldOut.macroF1)}  n ${text.hotelHeldOut.n}`,
  )
  for (const set of text.sets)
    console.log(
      `  ${set.name.padEnd(66)} accuracy ${pct(set.metrics.accuracy)}  macro-F1 ${pct(set.metrics.macroF1)}  n ${set.metrics.n}  neutral ${pct(set.metrics.neutral)}`,
    )
  console.log(
    `  sentiment + topics       ${fmt(text.analysisPerSecond, 0)} comments/s over ${text.comments.toLocaleString('en')} comments`,
  )
  console.log(`  bare jieba segmentation  ${fmt(text.segmentationPerSecond, 0)} comments/s`)
  console.log(
    `  ratio                    ${fmt(text.ratio * 100)}% of segmentation alone  (goal ≥ 5,000 comments/s)\n`,
  )
  if (only === 'text') process.exit(0)
}

if (only === undefined || only === 'intake') {
  const intake = await benchIntake(Number(process.env.BENCH_INTAKE_ANSWERS ?? 20_000))
  console.log(
    'Survey intake (answers → analysed feedback and cases; every answer has a comment, one in five is a detractor)',
  )
  console.log(
    `  manyi intake             ${fmt(intake.answersPerSecond, 0)} answers/s  (${intake.feedback} feedback, ${intake.cases} cases in ${fmt(intake.intakeSeconds, 2)} s)`,
  )
  console.log(`  raw feedback inserts     ${fmt(intake.answers / intake.rawSeconds, 0)} rows/s`)
  console.log(`  ratio                    ${fmt(intake.ratio * 100)}% of raw inserts\n`)
  if (only === 'intake') process.exit(0)
}

if (only === undefined || only === 'submission') {
  const submission = await benchSubmission(seconds)
  console.log('Public submission (autocannon -c 50, SQLite WAL, synchronous=FULL, group commit)')
  console.log(`  bare Fastify JSON POST   ${fmt(submission.bareRps, 0)} req/s`)
  console.log(
    `  Manyi submission         ${fmt(submission.manyiRps, 0)} req/s  p99 ${submission.manyiP99Ms} ms  (${submission.stored} rows stored, ${submission.non2xx} non-2xx)`,
  )
  console.log(
    `  ratio                    ${fmt(submission.ratio * 100)}% of bare Fastify  (goal ≥ 50%)`,
  )
  console.log(
    `  through a unit's link    ${fmt(submission.unitRps, 0)} req/s  p99 ${submission.unitP99Ms} ms  (${submission.unitStored} rows with the unit, ${submission.unitRolledUp} in its roll-up, ${submission.unitNon2xx} non-2xx)`,
  )
  console.log(
    `  ratio                    ${fmt(submission.unitRatio * 100)}% of the answers without a unit  (goal ≥ 90%)\n`,
  )
  if (only === 'submission') process.exit(0)
}

if (only === undefined || only === 'summary') {
  const dialects = (await postgresReachable())
    ? (['sqlite', 'postgres'] as const)
    : (['sqlite'] as const)
  const summaries: SummaryResult[] = []
  for (const dialect of dialects) {
    const bar = new SingleBar(
      { format: `loading ${dialect} [{bar}] {value}/{total} rows`, hideCursor: true },
      Presets.shades_classic,
    )
    bar.start(rows, 0)
    summaries.push(await benchSummary(dialect, rows, runs, (done) => bar.update(done)))
    bar.stop()
  }
  for (const s of summaries) {
    console.log(
      `Summary endpoint over ${s.rows.toLocaleString('en')} responses [${s.dialect}] (loaded in ${fmt(s.loadSeconds)} s; p50 of ${runs})`,
    )
    for (const [label, w] of Object.entries(s.windows)) {
      console.log(
        `  ${label.padEnd(24)} endpoint ${fmt(w.endpointP50)} ms   raw aggregate ${fmt(w.rawP50)} ms   ratio ${fmt(w.ratio, 2)}×`,
      )
    }
    console.log(
      `  ${'vs DuckDB, 90 days'.padEnd(24)} endpoint ${fmt(s.duckDb.endpointP50)} ms   DuckDB same per-day aggregate ${fmt(s.duckDb.duckDbP50)} ms   ratio ${fmt(s.duckDb.ratio, 2)}× (goal ≤ 3×)`,
    )
  }
  console.log('\nGoals: summary ≤ 1.5× the raw aggregate and < 100 ms p50 for a 90-day window.\n')
  if (only === 'summary') process.exit(0)
}

if (only === undefined || only === 'analytics') {
  const analyticsRows = Number(process.env.BENCH_ANALYTICS_ROWS ?? 100_000)
  console.log('Analytics core (best of 3; baseline: the correlation matrix of the same columns)')
  for (const c of benchAnalytics(analyticsRows)) {
    console.log(
      `  ${c.label.padEnd(40)} ${fmt(c.seconds * 1000)} ms   baseline ${fmt(c.baselineSeconds * 1000)} ms   ratio ${fmt(c.ratio, 2)}×`,
    )
  }
  console.log('Goals: PLS-PM 100,000 × 24 under 2 s; Shapley drivers 100,000 × 14 under 1 s.')
}

if (only === undefined || only === 'import') {
  const importRows = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000)
  const imported = await benchImport(importRows)
  console.log(
    `\nImport of ${imported.rows.toLocaleString('en')} CSV rows into SQLite (parse, map, check, key, one transaction)`,
  )
  console.log(
    `  manyi import            ${fmt(imported.importRowsPerSecond, 0)} rows/s (${fmt(imported.importSeconds)} s)`,
  )
  console.log(
    `  raw batched inserts     ${fmt(imported.rawRowsPerSecond, 0)} rows/s (${fmt(imported.rawSeconds)} s)`,
  )
  console.log(`  ratio                   ${fmt(imported.ratio * 100)}% of raw`)
}

if (only === undefined || only === 'import-latency') {
  const dialects = (await postgresReachable())
    ? (['sqlite', 'postgres'] as const)
    : (['sqlite'] as const)
  const csvRows = Number(process.env.BENCH_LATENCY_CSV_ROWS ?? 200_000)
  const xlsxRows = Number(process.env.BENCH_LATENCY_XLSX_ROWS ?? 60_000)
  console.log(
    `\nHealth checks (every 50 ms) and answers (every 300 ms) while a ${csvRows.toLocaleString('en')}-row CSV and a ${xlsxRows.toLocaleString('en')}-row XLSX are imported over HTTP`,
  )
  for (const dialect of dialects) {
    const r = await benchImportLatency(dialect, csvRows, xlsxRows)
    console.log(
      `  [${dialect}] CSV ${fmt(r.csvSeconds)} s, XLSX ${fmt(r.xlsxSeconds)} s; health ${r.healthChecks} max ${fmt(r.healthMaxMs, 0)} ms p99 ${fmt(r.healthP99Ms, 0)} ms; answers ${r.answers} max ${fmt(r.answersMaxMs, 0)} ms p99 ${fmt(r.answersP99Ms, 0)} ms; bound ${fmt(r.boundMs, 0)} ms (1 s + 3 × idle max ${fmt(r.idleMaxMs, 0)} ms); failures ${r.failures}  ${r.withinBound ? 'within the bound' : 'OVER THE BOUND'}`,
    )
    if (!r.withinBound) process.exitCode = 1
  }
  console.log('Goal: every health check 200 and every answer 201 within the bound.')
}
