import { createWriteStream } from 'node:fs'
import { pipeline } from 'node:stream/promises'
import type { Command } from 'commander'
import { printLine, type CliIo } from '../cli-io.js'

const list = (value?: string) =>
  value
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : []

export function registerResponseFileCommands(program: Command, io: CliIo): void {
  const print = (line: string) => printLine(io.stdout, line)
  program
    .command('import')
    .description('Import answers into a survey from a CSV (UTF-8/GBK) or XLSX file')
    .argument('<what>', 'responses')
    .requiredOption('--survey <id>', 'survey id')
    .requiredOption('--input <file>', 'CSV or XLSX file; the first row names the columns')
    .option(
      '--map <col=key,…>',
      'file column → question key (columns named like a key or title map themselves)',
    )
    .option('--mode <mode>', 'all-or-nothing (default) | skip-invalid')
    .option('--channel <name>', 'channel recorded on the answers (default import)')
    .option('--submitted-at-column <col>', 'column holding the answer time')
    .option(
      '--id-column <col>',
      'column holding the source response id (makes re-imports idempotent by id)',
    )
    .option('--segment-columns <cols>', 'columns stored as segments, e.g. region,store')
    .option('--org <id>', 'organisation (default: the first one)')
    .option('--db <url>', 'database URL (default as for serve)')
    .option('--json', 'print the report as JSON')
    .action(
      async (
        what: string,
        options: {
          survey: string
          input: string
          map?: string
          mode?: string
          channel?: string
          submittedAtColumn?: string
          idColumn?: string
          segmentColumns?: string
          org?: string
          db?: string
          json?: boolean
        },
      ) => {
        if (what !== 'responses') throw new Error(`manyi import takes "responses", not "${what}"`)
        // Loaded here, not at the top, so `manyi --help` does not load the domains and file libraries.
        const [
          { Presets, SingleBar },
          { importResponses },
          { readTable },
          { openOrganisationScope, openStore },
        ] = await Promise.all([
          import('cli-progress'),
          import('../../responses/response-import.js'),
          import('../../tabular/read-table.js'),
          import('../open-store.js'),
        ])
        const table = await readTable(options.input)
        const { config, store } = await openStore({ dbUrl: options.db }, io.env)
        const bar = new SingleBar(
          {
            format: '{phase} [{bar}] {percentage}% | {value}/{total} rows',
            hideCursor: true,
            stream: io.stderr,
          },
          Presets.shades_classic,
        )
        try {
          const { scope } = await openOrganisationScope(store, config, options.org)
          const mapping = Object.fromEntries(
            list(options.map).map((pair) => pair.split('=') as [string, string]),
          )
          bar.start(table.rows.length, 0, { phase: 'checking' })
          const report = await importResponses(
            scope,
            options.survey,
            table,
            {
              mapping,
              mode: options.mode,
              channel: options.channel,
              submittedAtColumn: options.submittedAtColumn,
              idColumn: options.idColumn,
              segmentColumns: list(options.segmentColumns),
            },
            (done, total, phase) => {
              bar.setTotal(total)
              bar.update(done, { phase })
            },
          )
          bar.stop()
          if (options.json) print(JSON.stringify(report))
          else {
            print(
              `${report.imported} imported, ${report.duplicates} already there, ${report.invalid} invalid of ${report.rows} rows (${report.mode}).`,
            )
            for (const issue of report.issues.slice(0, 50))
              print(
                `  row ${issue.row}, ${issue.column}: ${issue.reason}${issue.allowed ? ` (allowed: ${issue.allowed})` : ''}`,
              )
            if (report.invalid > 0 && report.mode === 'all-or-nothing')
              print('Nothing was imported. Fix the rows above, or use --mode skip-invalid.')
          }
          if (report.invalid > 0) io.exitCode = 2
        } finally {
          bar.stop()
          await store.close()
        }
      },
    )

  program
    .command('export')
    .description('Export a survey’s answers to CSV or XLSX')
    .argument('<what>', 'responses')
    .requiredOption('--survey <id>', 'survey id')
    .requiredOption('--output <file>', 'file to write (.csv or .xlsx)')
    .option('--lang <locale>', 'zh-CN (default) | en-US: language of the column labels')
    .option('--org <id>', 'organisation (default: the first one)')
    .option('--db <url>', 'database URL (default as for serve)')
    .action(
      async (
        what: string,
        options: { survey: string; output: string; lang?: string; org?: string; db?: string },
      ) => {
        if (what !== 'responses') throw new Error(`manyi export takes "responses", not "${what}"`)
        const [{ exportResponses }, { openOrganisationScope, openStore }] = await Promise.all([
          import('../../responses/response-export.js'),
          import('../open-store.js'),
        ])
        const { config, store } = await openStore({ dbUrl: options.db }, io.env)
        try {
          const { scope } = await openOrganisationScope(store, config, options.org)
          const format = options.output.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv'
          const result = await exportResponses(scope, options.survey, {
            format,
            lang: options.lang,
          })
          await pipeline(result.body, createWriteStream(options.output))
          print(`Wrote ${options.output}.`)
        } finally {
          await store.close()
        }
      },
    )
}
