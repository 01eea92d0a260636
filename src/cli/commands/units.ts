import type { Command } from 'commander'
import { printLine, type CliIo } from '../cli-io.js'
import { registerUnmatchedStoresCommand } from './unit-stores.js'

/** `manyi units import|list`: the organisation's unit tree from the command line (full access). */
export function registerUnitsCommand(program: Command, io: CliIo): void {
  const print = (line: string) => printLine(io.stdout, line)
  const units = program.command('units').description("The organisation's unit tree")

  units
    .command('import')
    .description(
      'Import units from a CSV (UTF-8/GBK) or XLSX file: code, parent_code, name [, name_en, type]; re-importing changes nothing',
    )
    .requiredOption('--input <file>', 'CSV or XLSX file; the first row names the columns')
    .option('--mode <mode>', 'all-or-nothing (default) | skip-invalid')
    .option('--org <id>', 'organisation (default: the first one)')
    .option('--db <url>', 'database URL (default as for serve)')
    .option('--json', 'print the report as JSON')
    .action(
      async (options: {
        input: string
        mode?: string
        org?: string
        db?: string
        json?: boolean
      }) => {
        // Loaded here, not at the top, so `manyi --help` does not load the domains and file libraries.
        const [{ importUnits }, { readTable }, { openOrganisationScope, openStore }] =
          await Promise.all([
            import('../../units/unit-import.service.js'),
            import('../../tabular/read-table.js'),
            import('../open-store.js'),
          ])
        const table = await readTable(options.input)
        const { config, store } = await openStore({ dbUrl: options.db }, io.env)
        try {
          const { scope } = await openOrganisationScope(store, config, options.org)
          const report = await importUnits(scope, table, {
            mode: options.mode as 'all-or-nothing' | 'skip-invalid' | undefined,
          })
          if (options.json) print(JSON.stringify(report))
          else {
            print(
              `${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.invalid} invalid (${report.mode}).`,
            )
            for (const row of report.rows.filter((r) => r.outcome === 'invalid').slice(0, 50))
              print(`  line ${row.line}, ${row.code}: ${row.error} — ${row.message}`)
            if (!report.applied)
              print('Nothing was imported. Fix the rows above, or use --mode skip-invalid.')
          }
          if (report.invalid > 0) io.exitCode = 2
        } finally {
          await store.close()
        }
      },
    )

  units
    .command('list')
    .description('The unit tree, indented (as it stood at --at, default now)')
    .option('--at <date>', 'a date (YYYY-MM-DD) or time (ISO 8601)')
    .option('--org <id>', 'organisation (default: the first one)')
    .option('--db <url>', 'database URL (default as for serve)')
    .option('--json', 'print the units as JSON')
    .action(async (options: { at?: string; org?: string; db?: string; json?: boolean }) => {
      const [{ listUnits }, { ValidationError }, { openOrganisationScope, openStore }] =
        await Promise.all([
          import('../../units/unit.service.js'),
          import('../../shared/errors.js'),
          import('../open-store.js'),
        ])
      const at = options.at === undefined ? undefined : Date.parse(options.at)
      if (at !== undefined && Number.isNaN(at)) {
        throw new ValidationError('VALIDATION_FAILED', `--at ${options.at} is not a date.`, [
          { path: 'at', reason: 'not a date', allowed: 'YYYY-MM-DD or ISO 8601' },
        ])
      }
      const { config, store } = await openStore({ dbUrl: options.db }, io.env)
      try {
        const { scope } = await openOrganisationScope(store, config, options.org)
        const list = await listUnits(scope, { at: at ?? scope.now })
        if (options.json) {
          print(JSON.stringify(list))
          return
        }
        const children = new Map<string | null, typeof list>()
        for (const unit of list) {
          const key = unit.parentId
          children.set(key, [...(children.get(key) ?? []), unit])
        }
        const walk = (parent: string | null, depth: number) => {
          for (const unit of children.get(parent) ?? []) {
            const closed = unit.closedAt === null ? '' : ' (closed)'
            print(`${'  '.repeat(depth)}${unit.code}  ${unit.nameZh}  [${unit.type}]${closed}`)
            walk(unit.id, depth + 1)
          }
        }
        walk(null, 0)
        if (list.length === 0) print('No units.')
      } finally {
        await store.close()
      }
    })

  registerUnmatchedStoresCommand(units, io)
}
