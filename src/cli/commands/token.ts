import type { Command } from 'commander'
import { withOrgOptions as common, type OrgCommandOptions as CommonOptions } from './org-options.js'
import { TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS } from '../../auth/token-limits.js'
import { printLine, type CliIo } from '../cli-io.js'
import { printLoginHint } from './login-hint.js'

/** Loaded when a subcommand runs, not at the top, so `manyi --help` does not load the database layer. */
const work = async () => ({
  ...(await import('../../auth/token.service.js')),
  ...(await import('../open-store.js')),
})

export function registerTokenCommand(program: Command, io: CliIo): void {
  const print = (line: string) => printLine(io.stdout, line)
  const token = program.command('token').description('API tokens: create, list, revoke')
  common(
    token
      .command('create')
      .description(
        `Create an API token and print it (only its hash is stored). It expires after --expires-in-days (default ${TOKEN_DEFAULT_DAYS}, at most ${TOKEN_MAX_DAYS}). On an empty database, creates the organisation and its administrator first.`,
      )
      .requiredOption('--name <name>', 'what the token is for')
      .option('--role <role>', 'admin | supervisor | analyst | agent | viewer', 'admin')
      .option('--scope <scope>', 'full | read (read-only permissions)', 'full')
      .option(
        '--expires-in-days <days>',
        'days until it stops working',
        String(TOKEN_DEFAULT_DAYS),
      ),
  ).action(
    async (
      options: CommonOptions & { name: string; role: string; scope: string; expiresInDays: string },
    ) => {
      const { createApiToken, openOrganisationScope, openStore } = await work()
      const { config, store } = await openStore({ dbUrl: options.db }, io.env)
      try {
        const { scope, created } = await openOrganisationScope(store, config, options.org)
        const days = /^\d+$/.test(options.expiresInDays)
          ? Number(options.expiresInDays)
          : options.expiresInDays
        const result = await createApiToken(scope, {
          name: options.name,
          role: options.role,
          scope: options.scope,
          expiresInDays: days,
        })
        if (options.json) print(JSON.stringify({ ...result, orgId: scope.orgId }))
        else {
          print(result.token)
          if (created) printLoginHint(config, created, print)
        }
      } finally {
        await store.close()
      }
    },
  )

  common(
    token
      .command('list')
      .description(
        'List the organisation’s API tokens (never their secrets): name, role, scope, creator, expiry, last use, status',
      ),
  ).action(async (options: CommonOptions) => {
    const { listApiTokens, openOrganisationScope, openStore } = await work()
    const { config, store } = await openStore({ dbUrl: options.db }, io.env)
    try {
      const { scope } = await openOrganisationScope(store, config, options.org)
      const tokens = await listApiTokens(scope)
      if (options.json) print(JSON.stringify({ tokens }))
      else {
        for (const t of tokens) {
          print(
            [
              t.id,
              t.name,
              t.role,
              t.scope,
              t.status,
              `expires ${t.expiresAt ?? 'never'}`,
              `last used ${t.lastUsedAt ?? 'never'}`,
              t.createdBy ? `by ${t.createdBy.email}` : 'by the system',
            ].join('\t'),
          )
        }
        if (tokens.length === 0) print('No API tokens.')
      }
    } finally {
      await store.close()
    }
  })

  common(
    token
      .command('revoke')
      .description('Revoke an API token at once')
      .argument('<id>', 'token id (from token list)'),
  ).action(async (id: string, options: CommonOptions) => {
    const { revokeApiToken, openOrganisationScope, openStore } = await work()
    const { config, store } = await openStore({ dbUrl: options.db }, io.env)
    try {
      const { scope } = await openOrganisationScope(store, config, options.org)
      const revoked = await revokeApiToken(scope, id)
      print(
        options.json ? JSON.stringify(revoked) : `Revoked token ${revoked.name} (${revoked.id}).`,
      )
    } finally {
      await store.close()
    }
  })
}
