import type { Command } from 'commander'
import { printLine, type CliIo } from '../cli-io.js'

export function registerMigrateCommand(program: Command, io: CliIo): void {
  program
    .command('migrate')
    .description('Apply pending database migrations (also done at every start)')
    .option(
      '--db <url>',
      'database: sqlite:PATH or postgres://… (default MANYI_DB_URL, DATABASE_URL or sqlite:./data/manyi.db)',
    )
    .action(async (options: { db?: string }) => {
      // Loaded here, not at the top, so `manyi --help` does not load the database layer.
      const [{ loadConfig }, { connectStore }, { migrateToLatest }] = await Promise.all([
        import('../../config.js'),
        import('../../db/connect.js'),
        import('../../db/migrate.js'),
      ])
      const config = loadConfig(io.env, { dbUrl: options.db })
      const store = connectStore({ url: config.dbUrl })
      try {
        const report = await migrateToLatest(store)
        printLine(
          io.stdout,
          report.applied.length === 0
            ? 'Database is up to date.'
            : `Applied: ${report.applied.join(', ')}`,
        )
      } finally {
        await store.close()
      }
    })
}
