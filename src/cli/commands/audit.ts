import type { Command } from 'commander'
import { printLine, type CliIo } from '../cli-io.js'

/** Loaded when the subcommand runs, so `manyi --help` does not load the database layer. */
const work = async () => ({
  ...(await import('../../audit/audit-verify.service.js')),
  ...(await import('../../db/open-store.js')),
})

interface VerifyOptions {
  org?: string
  db?: string
  json?: boolean
}

/** Exit code when a chain is broken: the command ran, and what it found needs attention (error codes use 1–6). */
const BROKEN_EXIT = 7

export function registerAuditCommand(program: Command, io: CliIo): void {
  const print = (line: string) => printLine(io.stdout, line)
  const audit = program.command('audit').description('The audit log: verify its hash chain')
  audit
    .command('verify')
    .description(
      `Check the audit log's hash chain of one organisation (--org) or of every one, and report the first broken link (an entry changed, forged, removed, or the newest removed). Exits ${BROKEN_EXIT} when a chain is broken.`,
    )
    .option('--org <id>', 'organisation (default: every organisation)')
    .option('--db <url>', 'database URL (default as for serve)')
    .option('--json', 'print JSON')
    .action(async (options: VerifyOptions) => {
      const { openStore, verifyAllAuditChains, verifyAuditChain } = await work()
      const { store } = await openStore({ dbUrl: options.db }, io.env)
      try {
        const results = options.org
          ? [
              {
                orgId: options.org,
                ...(await verifyAuditChain({ db: store.db, orgId: options.org })),
              },
            ]
          : await verifyAllAuditChains(store.db)
        if (options.json) print(JSON.stringify({ organisations: results }))
        else
          for (const r of results)
            print(
              r.broken
                ? `${r.orgId}: BROKEN at seq ${r.broken.seq} (${r.broken.reason}${r.broken.id ? `, entry ${r.broken.id}` : ''}); ${r.checked} entries verified before it`
                : `${r.orgId}: ok, ${r.checked} entries (seq ${r.anchorSeq + 1}–${r.headSeq})`,
            )
        if (results.some((r) => !r.ok)) io.exitCode = BROKEN_EXIT
      } finally {
        await store.close()
      }
    })
}
