import type { Command } from 'commander'
import { withOrgOptions as common, type OrgCommandOptions as CommonOptions } from './org-options.js'
import type { Scope } from '../../db/scope.js'
import { printLine, type CliIo } from '../cli-io.js'
import { ROLES } from '../../shared/role.js'

/** Loaded when a subcommand runs, not at the top, so `manyi --help` does not load the database layer. */
const work = async () => ({
  ...(await import('../../auth/user.service.js')),
  ...(await import('../../auth/team.service.js')),
  ...(await import('../open-store.js')),
})

export function registerUserCommand(program: Command, io: CliIo): void {
  const user = program
    .command('user')
    .description('Users of an organisation: create, disable, enable, unlock, delete')
  common(
    user
      .command('create')
      .description(
        'Add a user with a role; the password must pass the policy (at least 10 characters, not a repeated character or sequence, not the e-mail, not a common password)',
      )
      .requiredOption('--email <email>', 'login e-mail')
      .requiredOption('--name <name>', 'display name')
      .requiredOption('--password <password>', 'initial password')
      .option('--role <role>', ROLES.join(' | '), 'analyst')
      .option('--locale <locale>', 'zh-CN | en-US', 'zh-CN'),
  ).action(
    async (
      options: CommonOptions & {
        email: string
        name: string
        password: string
        role: string
        locale: string
      },
    ) => {
      const { addUser, openOrganisationScope, openStore } = await work()
      const { config, store } = await openStore({ dbUrl: options.db }, io.env)
      try {
        const { scope } = await openOrganisationScope(store, config, options.org)
        const created = await addUser(scope, {
          email: options.email,
          displayName: options.name,
          password: options.password,
          role: options.role,
          locale: options.locale,
        })
        printLine(
          io.stdout,
          options.json
            ? JSON.stringify(created)
            : `Created ${created.role} ${created.email} (${created.id}).`,
        )
      } finally {
        await store.close()
      }
    },
  )

  const change = (
    name: string,
    description: string,
    run: (
      service: Awaited<ReturnType<typeof work>>,
    ) => (scope: Scope, id: string) => Promise<unknown>,
    done: string,
  ) =>
    common(
      user.command(name).description(description).argument('<user>', 'user id or e-mail'),
    ).action(async (idOrEmail: string, options: CommonOptions) => {
      const service = await work()
      const { openOrganisationScope, openStore } = service
      const { config, store } = await openStore({ dbUrl: options.db }, io.env)
      try {
        const { scope } = await openOrganisationScope(store, config, options.org)
        const id = await service.resolveUserId(scope, idOrEmail)
        await run(service)(scope, id)
        printLine(
          io.stdout,
          options.json ? JSON.stringify({ id, status: done }) : `User ${idOrEmail} ${done}.`,
        )
      } finally {
        await store.close()
      }
    })
  change(
    'disable',
    'Disable a user: sessions end, their API tokens stop working, login is refused (never the last active administrator)',
    (s) => s.disableUser,
    'disabled',
  )
  change('enable', 'Let a disabled user log in again', (s) => s.enableUser, 'enabled')
  change(
    'unlock',
    "Lift the lock that failed logins put on a user's e-mail, so the right password works again",
    (s) => s.unlockUser,
    'unlocked',
  )
  change(
    'delete',
    'Delete a user (softly: audit history and case ownership keep their name; tokens revoked; never the last active administrator)',
    (s) => s.deleteUser,
    'deleted',
  )
}
