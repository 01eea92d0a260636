import type { Command } from 'commander'
import { loadConfig } from '../../config.js'
import { connectStore } from '../../db/connect.js'
import { migrateToLatest } from '../../db/migrate.js'

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('Apply pending database migrations (also done at every start)')
    .option('--db <url>', 'database: sqlite:PATH or postgres://… (default MANYI_DB_URL, DATABASE_URL or sqlite:./data/manyi.db)')
    .action(async (options: { db?: string }) => {
      const config = loadConfig(process.env, { dbUrl: options.db })
      const store = connectStore({ url: config.dbUrl })
      try {
        const report = await migrateToLatest(store)
        console.log(report.applied.length === 0 ? 'Database is up to date.' : `Applied: ${report.applied.join(', ')}`)
      } finally {
        await store.close()
      }
    })
}
