import { readFile } from 'node:fs/promises'
import type { Command } from 'commander'
import { ValidationError } from '../../shared/errors.js'
import { analysisRunner, ANALYZE_METHODS } from '../../analyses/analysis-runners.js'
import type { AnalyzeOptions } from '../../analyses/analysis-options.js'
import { formatResult } from '../analyze/format-result.js'
import type { CliIo } from '../cli-io.js'
import {
  analyzeChurnFile,
  analyzeCohortFile,
  type CustomerAnalyzeOptions,
} from './analyze-customers.js'

/** Methods of `manyi analyze` that read a file of their own kind (not the analysis API's). */
const FILE_METHODS = ['sentiment', 'cohort', 'churn']

export function registerAnalyzeCommand(program: Command, io: CliIo): void {
  program
    .command('analyze')
    .description(
      `Analyse an exported CSV/XLSX file. Methods: ${[...Object.keys(ANALYZE_METHODS), ...FILE_METHODS].join(', ')} (docs/cli.md)`,
    )
    .argument('<method>', [...Object.keys(ANALYZE_METHODS), ...FILE_METHODS].join(' | '))
    .requiredOption('--input <file>', 'CSV (UTF-8, UTF-8 with BOM, GBK/GB18030) or XLSX file')
    .option('--encoding <encoding>', 'utf8 | gb18030 (default: detected)')
    .option('--sheet <name>', 'XLSX sheet (default: the first)')
    .option('--json', 'print one JSON document')
    .option(
      '--column <col>',
      'nps, csat, ces, csm, spc: the answer column; sentiment: the text column',
    )
    .option(
      '--output <file>',
      'sentiment: write the rows with language, sentiment, sentiment_score, topics to this CSV or XLSX file',
    )
    .option('--top-box <n>', 'csat: lowest satisfied answer (default 4)')
    .option('--satisfied <scores>', 'csm: scores counted as satisfied (default 20,40,60)')
    .option('--pairs <f:d,…>', 'kano: functional:dysfunctional column pairs')
    .option(
      '--counts <col>',
      'kano: the attribute column of a table of aggregated counts (columns A, O, M, I, R, Q)',
    )
    .option('--expectation-prefix <p>', 'servqual: prefix of expectation columns (default E_)')
    .option('--perception-prefix <p>', 'servqual: prefix of perception columns (default P_)')
    .option('--weights <dim=points,…>', 'servqual: 100-point weights per dimension')
    .option('--reversed <items>', 'servqual: negatively worded items to reverse-score')
    .option('--outcome <col>', 'drivers, ipa, csi (drivers weighting): the overall outcome column')
    .option('--predictors <cols>', 'drivers: predictor columns')
    .option('--method <m>', 'drivers: relative-weights | shapley (default relative-weights)')
    .option(
      '--impute <m>',
      'drivers, ipa: none (drop incomplete rows, default) | pairwise | mean | em; plspm: none | mean | em',
    )
    .option('--attributes <cols>', 'ipa: attribute performance columns')
    .option(
      '--importance <m>',
      'ipa: correlation | beta | shapley (derived, default correlation) | stated',
    )
    .option(
      '--importance-columns <cols>',
      'ipa --importance stated: one importance-rating column per attribute, same order',
    )
    .option(
      '--crosshair <value>',
      'ipa: data (default) or a fixed performance value such as the scale midpoint',
    )
    .option(
      '--items <cols>',
      'alpha: the scale’s item columns; spc xbar-r/xbar-s: one subgroup per row',
    )
    .option(
      '--tree <file>',
      'csi: index tree JSON {name, children: [{name, weight?, column?, importanceColumn?, children?}]}',
    )
    .option('--weighting <w>', 'csi: given | importance | drivers (default given)')
    .option('--model <file>', 'plspm: model JSON {constructs, paths}')
    .option('--scheme <s>', 'plspm: path | centroid | factorial (default path)')
    .option('--bootstrap <n>', 'plspm, drivers: bootstrap resamples for intervals (default 0)')
    .option('--seed <n>', 'plspm, drivers, spc mean-change: resampling seed (default 1)')
    .option('--consistent', 'plspm: consistent PLS (PLSc), corrected for measurement error')
    .option('--scores <file>', 'plspm: write each complete row’s construct scores to this CSV')
    .option('--folds <n>', 'plspm: PLSpredict cross-validation folds (default 10; 0 = none)')
    .option('--group <col>', 'plspm: compare the paths of two groups of this column (permutation)')
    .option(
      '--groups <a,b>',
      'plspm --group: the two groups to compare when it has more; nps, csat, ces --by/--period: two groups (months) to compare',
    )
    .option(
      '--period <date-col>',
      'nps, csat, ces: compare calendar months of this date column (each against the rest; two with --groups)',
    )
    .option(
      '--permutations <n>',
      'plspm --group: permutations (default 500); spc mean-change: for the p-value (default 999)',
    )
    .option(
      '--scale-min <n>',
      'plspm, servqual, csi, value-balance, post-use: lowest possible answer',
    )
    .option(
      '--scale-max <n>',
      'plspm, servqual, csi, value-balance, post-use: highest possible answer',
    )
    .option(
      '--chart <c>',
      'spc: p | c | u | imr | xbar-r | xbar-s | ewma | cusum | mean-change | rate-change | pettitt (default ewma)',
    )
    .option('--size <col>', 'spc p chart: sample size column; u chart: exposure (units inspected)')
    .option('--mu0 <x>', 'spc ewma/cusum: target mean (default: the data mean)')
    .option('--sigma <x>', 'spc ewma/cusum: process sd (default: average moving range / 1.128)')
    .option('--lambda <x>', 'spc ewma: smoothing (default 0.1)')
    .option('--L <x>', 'spc ewma: limit width in sd (default 2.7)')
    .option('--row <col>', 'crosstab: the question or segment down the side')
    .option(
      '--by <col>',
      'crosstab: the question or segment across the top; servqual: gaps per segment of this column; nps, csat, ces: each group against the rest (two with --groups)',
    )
    .option(
      '--weight <col>',
      'nps, csat, ces, csm, crosstab, servqual, csi, drivers, ipa, kano, plspm, value-balance, post-use: respondent weights (numbers ≥ 0)',
    )
    .option(
      '--omission-distance <D>',
      'plspm: blindfolding Q² omission distance (default 7 from 20 rows; 0 leaves it out)',
    )
    .option(
      '--rake <json>',
      'the same methods: weights raked to known shares, e.g. {"store":{"A":0.6,"B":0.4}} (with --weight: raked from those)',
    )
    .option('--value <col>', 'value-balance: perceived value column')
    .option('--price <col>', 'value-balance: price paid column (same scale)')
    .option('--after <col>', 'post-use: rating after use column')
    .option('--before <col>', 'post-use: expectation before use column (same scale)')
    .option('--k <x>', 'spc cusum: reference value in sd (default 0.5)')
    .option('--h <x>', 'spc cusum: decision interval in sd (default 5)')
    .option('--frequency <col>', 'clv: repeat purchases per customer (x)')
    .option('--recency <col>', 'clv: time of the last repeat purchase since the first (t_x)')
    .option('--age <col>', 'clv: time since the first purchase (T), same unit')
    .option('--spend <col>', 'clv: mean value of the repeat purchases (Gamma-Gamma spend model)')
    .option('--periods <n>', 'clv: periods in the value horizon (default 12)')
    .option(
      '--period-length <t>',
      'clv: one period in the file’s time unit (default 4.345, a month in weeks)',
    )
    .option('--discount-rate <d>', 'clv: discount rate per period (default 0.01)')
    .option('--customer <col>', 'cohort, churn: the customer column (any key)')
    .option('--period-unit <u>', 'cohort: week | month (default) | quarter of --period')
    .option('--event <col>', 'churn: the event type column (purchase, rating, complaint)')
    .option(
      '--train-cutoff <date>',
      'churn: features as of this date, churn = no purchase in the horizon after it',
    )
    .option('--validation-cutoff <date>', 'churn: the later date the model is validated at')
    .option('--horizon-days <n>', 'churn: the horizon in days (default 90)')
    .action(async (method: string, options: AnalyzeOptions & { output?: string }) => {
      if (method === 'sentiment') return analyzeSentimentFile(options, io)
      const customerOptions = options as unknown as CustomerAnalyzeOptions
      if (method === 'cohort') return analyzeCohortFile(customerOptions, io)
      if (method === 'churn') return analyzeChurnFile(customerOptions, io)
      const run = analysisRunner(method)
      if (!run) {
        throw new ValidationError('VALIDATION_FAILED', `Unknown method "${method}".`, [
          {
            path: 'method',
            reason: `unknown method "${method}"`,
            allowed: [...Object.keys(ANALYZE_METHODS), ...FILE_METHODS].join(', '),
          },
        ])
      }
      // Loaded here, not at the top, so `manyi --help` does not load the file libraries.
      const { readTable } = await import('../../tabular/read-table.js')
      const table = await readTable(options.input, {
        encoding: options.encoding,
        sheet: options.sheet,
      })
      const scoresFile = method === 'plspm' ? writableScores(options.scores) : undefined
      const result = await run(table, scoresFile ? { ...options, scores: true } : options, {
        readModelFile: (path) => readFile(path, 'utf8'),
      })
      if (scoresFile) await writeConstructScores(scoresFile, result)
      io.stdout.write(
        options.json ? `${JSON.stringify(result)}\n` : `${formatResult(method, result)}\n`,
      )
    })
}

/** plspm --scores FILE: the file to write the construct scores to. */
function writableScores(scores: AnalyzeOptions['scores']): string | undefined {
  return typeof scores === 'string' && scores !== '' ? scores : undefined
}

/** The construct scores as CSV (UTF-8 with BOM): the file row, then a column per construct. */
async function writeConstructScores(path: string, result: unknown): Promise<void> {
  const { writeFile } = await import('node:fs/promises')
  const { stringify } = await import('csv-stringify/sync')
  const out = result as {
    constructScores?: { rows: number[]; scores: Record<string, number[]> }
    scoresFile?: string
  }
  const { rows, scores } = out.constructScores!
  const names = Object.keys(scores)
  await writeFile(
    path,
    `\ufeff${stringify([['row', ...names], ...rows.map((row, i) => [row, ...names.map((n) => scores[n]![i]!)])])}`,
  )
  delete out.constructScores
  out.scoresFile = path
}

/** manyi analyze sentiment: every row's text read for language, sentiment and topics. */
async function analyzeSentimentFile(
  options: AnalyzeOptions & { output?: string },
  io: CliIo,
): Promise<void> {
  if (!options.column)
    throw new ValidationError('VALIDATION_FAILED', 'Name the text column with --column.', [
      { path: '--column', reason: 'required for sentiment' },
    ])
  const [
    { Presets, SingleBar },
    { stringify },
    { neutraliseCell },
    { addSentimentColumns, writeTableFile },
    { readTable },
  ] = await Promise.all([
    import('cli-progress'),
    import('csv-stringify/sync'),
    import('../../tabular/write-table.js'),
    import('../../text/sentiment-file.js'),
    import('../../tabular/read-table.js'),
  ])
  const table = await readTable(options.input, { encoding: options.encoding, sheet: options.sheet })
  const bar = new SingleBar(
    {
      format: 'sentiment [{bar}] {percentage}% | {value}/{total} rows',
      hideCursor: true,
      stream: io.stderr,
    },
    Presets.shades_classic,
  )
  const showProgress = table.rows.length >= 5000 && io.stderr.isTTY === true
  if (showProgress) bar.start(table.rows.length, 0)
  const { headers, rows, summary } = addSentimentColumns(
    table,
    options.column,
    (done) => showProgress && bar.update(done),
  )
  if (showProgress) bar.stop()
  if (options.output) await writeTableFile(options.output, headers, rows)
  else if (!options.json)
    io.stdout.write(stringify([headers, ...rows.map((r) => r.map((c) => neutraliseCell(c)))]))
  if (options.json)
    io.stdout.write(`${JSON.stringify({ ...summary, output: options.output ?? null })}\n`)
  else if (options.output)
    io.stderr.write(
      `${summary.rows} rows: ${summary.sentiment.positive} positive, ${summary.sentiment.neutral} neutral, ${summary.sentiment.negative} negative → ${options.output}\n`,
    )
}
