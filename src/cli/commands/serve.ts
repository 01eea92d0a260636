import type { Command } from 'commander'

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Start Manyi (HTTP API, admin app at /app/, survey pages at /s/:slug)')
    .option(
      '--db <url>',
      'database: sqlite:PATH or postgres://… (default MANYI_DB_URL, DATABASE_URL or sqlite:./data/manyi.db)',
    )
    .option('--host <host>', 'address to listen on (default 127.0.0.1)')
    .option('--port <port>', 'port (default 3000)')
    .option('--demo', 'load demo data on first start')
    .option(
      '--org-name <name>',
      'the organisation’s name as customers see it (default MANYI_ORG_NAME; unset, the administrator’s first sign-in asks)',
    )
    .action(
      async (options: {
        db?: string
        host?: string
        port?: string
        demo?: boolean
        orgName?: string
      }) => {
        // Loaded here, not at the top, so `manyi --help` does not load the server.
        const { startServer } = await import('../../server/start.js')
        await startServer(
          { dbUrl: options.db, host: options.host, port: options.port, orgName: options.orgName },
          { demo: options.demo ?? false },
        )
      },
    )
}
