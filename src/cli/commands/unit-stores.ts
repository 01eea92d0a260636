import type { Command } from 'commander'
import { printLine, type CliIo } from '../cli-io.js'

/**
 * `manyi units unmatched [--match]`: store values of answers without a unit that match no unit
 * code (most answers first); with --match, answers whose store value is a unit's code get that
 * unit first. Full access, as the operator.
 */
export function registerUnmatchedStoresCommand(units: Command, io: CliIo): void {
  const print = (line: string) => printLine(io.stdout, line)
  units
    .command('unmatched')
    .description(
      'Store values of answers without a unit that match no unit code; --match first gives answers whose store is a unit code that unit',
    )
    .option('--match', "first give answers whose store value is a unit's code that unit")
    .option('--org <id>', 'organisation (default: the first one)')
    .option('--db <url>', 'database URL (default as for serve)')
    .option('--json', 'print the report as JSON')
    .action(async (options: { match?: boolean; org?: string; db?: string; json?: boolean }) => {
      const [
        { matchStoreValuesToUnits, unmatchedStoreValues },
        { openOrganisationScope, openStore },
      ] = await Promise.all([
        import('../../responses/unit-store.service.js'),
        import('../open-store.js'),
      ])
      const { config, store } = await openStore({ dbUrl: options.db }, io.env)
      try {
        const { scope } = await openOrganisationScope(store, config, options.org)
        const matched = options.match ? await matchStoreValuesToUnits(scope) : null
        const values = await unmatchedStoreValues(scope)
        if (options.json) {
          print(JSON.stringify({ ...(matched ? { matched } : {}), unmatched: values }))
          return
        }
        if (matched) print(`${matched.attributed} answers given the unit of their store code.`)
        if (values.length === 0) print('Every store value matches a unit code.')
        for (const v of values)
          print(
            `${v.value}\t${v.answers} answers\t${v.firstAt.slice(0, 10)} … ${v.lastAt.slice(0, 10)}`,
          )
      } finally {
        await store.close()
      }
    })
}
