import type { Command } from 'commander'
import { createApiToken } from '../../auth/auth.service.js'
import { openOrganisationScope, openStore } from '../open-store.js'
import { printLoginHint } from './login-hint.js'

export function registerTokenCommand(program: Command): void {
  const token = program.command('token').description('API tokens')
  token
    .command('create')
    .description('Create an API token and print it (only its hash is stored). On an empty database, creates the organisation and its administrator first.')
    .requiredOption('--name <name>', 'what the token is for')
    .option('--role <role>', 'admin | analyst | agent | viewer', 'admin')
    .option('--org <id>', 'organisation (default: the first one)')
    .option('--db <url>', 'database URL (default as for serve)')
    .option('--json', 'print JSON')
    .action(async (options: { name: string; role: string; org?: string; db?: string; json?: boolean }) => {
      const { config, store } = await openStore({ dbUrl: options.db })
      try {
        const { scope, created } = await openOrganisationScope(store, config, options.org)
        const result = await createApiToken(scope, { name: options.name, role: options.role })
        if (options.json) console.log(JSON.stringify({ ...result, orgId: scope.orgId }))
        else {
          console.log(result.token)
          if (created) printLoginHint(config, created)
        }
      } finally {
        await store.close()
      }
    })
}
