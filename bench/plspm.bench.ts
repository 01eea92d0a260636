import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { buildServer } from '../scripts/build.mjs'
import { estimatePlsModel } from '../src/analytics/pls-path-model.js'
import { syntheticEcsi } from './analytics.bench.js'

/**
 * `manyi analyze plspm` end to end against its compute alone, on a 100,000-row × 24-indicator CSV
 * (the ECSI-shaped synthetic answers of analytics.bench.ts, seeded). Compute alone is
 * estimatePlsModel on columns already in memory; end to end is the compiled CLI started as a
 * process (`node manyi.js analyze plspm --input … --model …`): start, read and parse the file,
 * check the columns, compute, print. The goal is end to end within 1.5× compute alone. CPU time is
 * reported beside wall time (the CLI's through plspm-cpu-report.cjs), because on a shared machine
 * the wall time of a process swings with the load.
 *
 * Run alone: `node --import tsx bench/plspm.bench.ts` (BENCH_PLSPM_ROWS, BENCH_PLSPM_RUNS; the CLI is
 * compiled from the current sources into a private directory, or BENCH_PLSPM_CLI names a built
 * manyi.js to time instead).
 */

const exec = promisify(execFile)
const ROOT = fileURLToPath(new URL('..', import.meta.url))

export interface PlspmResult {
  rows: number
  indicators: number
  fileBytes: number
  /** Median of the runs. */
  computeSeconds: number
  endToEndSeconds: number
  /** Each run, for the spread. */
  computeRuns: number[]
  endToEndRuns: number[]
  ratio: number
  /** CPU seconds (median): the estimate's thread, and the CLI process's (every thread). */
  computeCpuSeconds: number
  endToEndCpuSeconds: number
  cpuRatio: number
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export async function benchPlspm(rows: number, runs = 5): Promise<PlspmResult> {
  const { model, columns } = syntheticEcsi(rows)
  const indicators = Object.values(model.constructs).flat()
  const dir = await mkdtemp(join(tmpdir(), 'manyi-bench-plspm-'))
  // The compiled CLI sits under node_modules/.cache so that it finds its packages (as in tests).
  const cache = join(ROOT, 'node_modules', '.cache', 'manyi-bench-build')
  await mkdir(cache, { recursive: true })
  const build = await mkdtemp(join(cache, 'plspm-'))
  try {
    const lines = [indicators.join(',')]
    for (let r = 0; r < rows; r++) lines.push(indicators.map((name) => columns[name]![r]).join(','))
    const text = `${lines.join('\n')}\n`
    const input = join(dir, 'ecsi.csv')
    const modelFile = join(dir, 'model.json')
    await writeFile(input, text)
    await writeFile(modelFile, JSON.stringify(model))
    const manyi = process.env.BENCH_PLSPM_CLI ?? join(await buildServer(build), 'manyi.js')

    // Columns as the runner hands them to the estimator: plain arrays of numbers.
    const arrays = Object.fromEntries(indicators.map((name) => [name, Array.from(columns[name]!)]))
    estimatePlsModel(model, arrays, { scheme: 'path' })
    const computeRuns: number[] = []
    const endToEndRuns: number[] = []
    const computeCpu: number[] = []
    const endToEndCpu: number[] = []
    const cli = [
      '--require',
      join(ROOT, 'bench', 'plspm-cpu-report.cjs'),
      manyi,
      'analyze',
      'plspm',
      '--input',
      input,
      '--model',
      modelFile,
    ]
    // One unmeasured start warms the disk cache for the file and the packages.
    await exec(process.execPath, cli, { maxBuffer: 64 << 20 })
    for (let run = 0; run < runs; run++) {
      const cpu0 = process.cpuUsage()
      let t0 = performance.now()
      estimatePlsModel(model, arrays, { scheme: 'path' })
      computeRuns.push((performance.now() - t0) / 1000)
      const cpu = process.cpuUsage(cpu0)
      computeCpu.push((cpu.user + cpu.system) / 1e6)
      t0 = performance.now()
      const { stdout, stderr } = await exec(process.execPath, cli, { maxBuffer: 64 << 20 })
      endToEndRuns.push((performance.now() - t0) / 1000)
      if (!stdout.includes('rSquared')) throw new Error(`unexpected output:\n${stdout}`)
      const report = stderr.trim().split('\n').at(-1) ?? ''
      endToEndCpu.push((JSON.parse(report) as { cpuMicros: number }).cpuMicros / 1e6)
    }
    const computeSeconds = median(computeRuns)
    const endToEndSeconds = median(endToEndRuns)
    return {
      rows,
      indicators: indicators.length,
      fileBytes: Buffer.byteLength(text),
      computeSeconds,
      endToEndSeconds,
      computeRuns,
      endToEndRuns,
      ratio: endToEndSeconds / computeSeconds,
      computeCpuSeconds: median(computeCpu),
      endToEndCpuSeconds: median(endToEndCpu),
      cpuRatio: median(endToEndCpu) / median(computeCpu),
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
    await rm(build, { recursive: true, force: true })
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const rows = Number(process.env.BENCH_PLSPM_ROWS ?? 100_000)
  const result = await benchPlspm(rows, Number(process.env.BENCH_PLSPM_RUNS ?? 5))
  const ms = (s: number) => `${(s * 1000).toFixed(0)} ms`
  console.log(
    `manyi analyze plspm, ${rows.toLocaleString('en')} rows × ${result.indicators} indicators (${(result.fileBytes / 2 ** 20).toFixed(1)} MiB CSV), median of ${result.computeRuns.length}`,
  )
  console.log(
    `  compute alone            ${ms(result.computeSeconds)}  (${result.computeRuns.map(ms).join(', ')})`,
  )
  console.log(
    `  CLI end to end           ${ms(result.endToEndSeconds)}  (${result.endToEndRuns.map(ms).join(', ')})`,
  )
  console.log(`  ratio                    ${result.ratio.toFixed(2)}× compute alone  (goal ≤ 1.5×)`)
  console.log(
    `  CPU time                 compute ${ms(result.computeCpuSeconds)}, CLI ${ms(result.endToEndCpuSeconds)} (all threads): ${result.cpuRatio.toFixed(2)}×`,
  )
}
