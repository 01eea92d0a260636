import type { Command } from 'commander'
import { type CliIo, printLine } from '../cli-io.js'

/** `manyi restore <file>`: a backup into an empty store (or, with --force, over one). */
export function registerRestoreCommand(program: Command, io: CliIo): void {
  program
    .command('restore')
    .description(
      'Restore a backup made by `manyi backup` into an empty database (stop the servers first), then migrate it to this version',
    )
    .argument('<file>', 'the backup file')
    .option(
      '--db <url>',
      'database to restore into: sqlite:PATH or postgres://… (default MANYI_DB_URL, DATABASE_URL or sqlite:./data/manyi.db)',
    )
    .option('--force', 'replace a database that already holds data (everything in it is lost)')
    .option('--json', 'print the summary (tables, rows, migration, file) as one JSON document')
    .action(async (file: string, options: { db?: string; force?: boolean; json?: boolean }) => {
      const [{ loadConfig }, { restoreStore }, { progressBar }] = await Promise.all([
        import('../../config.js'),
        import('../../db/backup.js'),
        import('./transfer-progress.js'),
      ])
      const config = loadConfig(io.env, { dbUrl: options.db })
      const bar = progressBar(io, 'restore')
      try {
        const summary = await restoreStore({ url: config.dbUrl }, file, {
          force: options.force === true,
          onProgress: bar.update,
        })
        bar.stop()
        if (options.json) printLine(io.stdout, JSON.stringify({ ...summary, file }))
        else
          printLine(
            io.stdout,
            `Restored ${summary.tables} tables, ${summary.rows} rows (backup's schema at ${summary.migration}) from ${file}; migrated to this version.`,
          )
      } finally {
        bar.stop()
      }
    })
}
