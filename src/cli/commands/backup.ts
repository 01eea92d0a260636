import type { Command } from 'commander'
import { type CliIo, printLine } from '../cli-io.js'

const DB_OPTION_HELP =
  'database: sqlite:PATH or postgres://… (default MANYI_DB_URL, DATABASE_URL or sqlite:./data/manyi.db)'

/** `manyi backup <file>`: a consistent copy of the store while the server keeps running. */
export function registerBackupCommand(program: Command, io: CliIo): void {
  program
    .command('backup')
    .description(
      'Back the database up to FILE while the server runs (SQLite: a database file; PostgreSQL: a gzip’d export of one snapshot)',
    )
    .argument('<file>', 'where the backup goes (replaced if it exists)')
    .option('--db <url>', DB_OPTION_HELP)
    .option('--json', 'print the summary (tables, rows, migration, file) as one JSON document')
    .action(async (file: string, options: { db?: string; json?: boolean }) => {
      // Loaded here, not at the top, so `manyi --help` does not load the database layer.
      const [{ loadConfig }, { backupStore }, { progressBar }] = await Promise.all([
        import('../../config.js'),
        import('../../db/backup.js'),
        import('./transfer-progress.js'),
      ])
      const config = loadConfig(io.env, { dbUrl: options.db })
      const bar = progressBar(io, 'backup')
      try {
        const summary = await backupStore({ url: config.dbUrl }, file, { onProgress: bar.update })
        bar.stop()
        if (options.json) printLine(io.stdout, JSON.stringify({ ...summary, file }))
        else
          printLine(
            io.stdout,
            `Backed up ${summary.tables} tables, ${summary.rows} rows (schema at ${summary.migration}) to ${file}.`,
          )
      } finally {
        bar.stop()
      }
    })
}
