import type { Command } from 'commander'
import { addUser } from '../../auth/user.service.js'
import { openOrganisationScope, openStore } from '../open-store.js'

export function registerUserCommand(program: Command): void {
  const user = program.command('user').description('Users of an organisation')
  user
    .command('create')
    .description('Add a user with a role; the password must have at least 10 characters')
    .requiredOption('--email <email>', 'login e-mail')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--password <password>', 'initial password')
    .option('--role <role>', 'admin | analyst | agent | viewer', 'analyst')
    .option('--locale <locale>', 'zh-CN | en-US', 'zh-CN')
    .option('--org <id>', 'organisation (default: the first one)')
    .option('--db <url>', 'database URL (default as for serve)')
    .option('--json', 'print JSON')
    .action(async (options: { email: string; name: string; password: string; role: string; locale: string; org?: string; db?: string; json?: boolean }) => {
      const { config, store } = await openStore({ dbUrl: options.db })
      try {
        const { scope } = await openOrganisationScope(store, config, options.org)
        const created = await addUser(scope, { email: options.email, displayName: options.name, password: options.password, role: options.role, locale: options.locale })
        console.log(options.json ? JSON.stringify(created) : `Created ${created.role} ${created.email} (${created.id}).`)
      } finally {
        await store.close()
      }
    })
}
