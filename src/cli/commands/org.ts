import type { Command } from 'commander'
import type { Db } from '../../db/database.js'
import { printLine, type CliIo } from '../cli-io.js'

/** Loaded when a subcommand runs, not at the top, so `manyi --help` does not load the database layer. */
const work = async () => ({
  ...(await import('../../auth/operator.js')),
  ...(await import('../../auth/identity.service.js')),
  ...(await import('../../auth/bootstrap.js')),
  ...(await import('../open-store.js')),
})

type Service = Awaited<ReturnType<typeof work>>
type Organisation = Awaited<ReturnType<Service['listOrganisationsForOperator']>>[number]

interface StoreOptions {
  db?: string
  json?: boolean
}

const withStore = (command: Command) =>
  command.option('--db <url>', 'database URL (default as for serve)').option('--json', 'print JSON')

const describe = (o: Organisation) =>
  [o.id, o.status.padEnd(9), o.timezone.padEnd(16), String(o.members).padStart(4), o.name].join(
    '  ',
  )

/**
 * `manyi org …` and `manyi operator grant`: the instance operator's work from the command line,
 * through the same services as the operator console (src/auth/operator.ts), audited as the CLI.
 */
export function registerOrgCommand(program: Command, io: CliIo): void {
  /** Open the store (an empty one gets its first organisation and administrator), act, print, close. */
  const act = async (
    options: StoreOptions,
    body: (service: Service, db: Db, now: number) => Promise<{ json: unknown; text: string }>,
  ) => {
    const service = await work()
    const { config, store } = await service.openStore({ dbUrl: options.db }, io.env)
    try {
      const now = Date.now()
      await service.bootstrapFirstAdmin(store.db, config.adminEmail, config.adminPassword, now)
      const { json, text } = await body(service, store.db, now)
      printLine(io.stdout, options.json ? JSON.stringify(json) : text)
    } finally {
      await store.close()
    }
  }

  const org = program
    .command('org')
    .description(
      'Organisations of the instance (operators): create, list, suspend, resume, configure',
    )

  withStore(
    org.command('list').description('Every organisation with its state and members'),
  ).action((options: StoreOptions) =>
    act(options, async (s, db) => {
      const organisations = await s.listOrganisationsForOperator(db)
      return { json: { organisations }, text: organisations.map(describe).join('\n') }
    }),
  )

  withStore(
    org
      .command('create')
      .description(
        'Create an organisation with its first administrator; without --password one is generated and printed once (a person who already signs in keeps their own password)',
      )
      .requiredOption('--name <name>', 'the organisation’s name, as its customers see it')
      .option('--timezone <zone>', 'IANA time zone', 'Asia/Shanghai')
      .requiredOption('--admin-email <email>', 'the first administrator’s e-mail')
      .requiredOption('--admin-name <name>', 'the first administrator’s display name')
      .option('--password <password>', 'the first administrator’s initial password')
      .option('--locale <locale>', 'zh-CN | en-US', 'zh-CN'),
  ).action(
    (
      options: StoreOptions & {
        name: string
        timezone: string
        adminEmail: string
        adminName: string
        password?: string
        locale: string
      },
    ) =>
      act(options, async (s, db, now) => {
        const created = await s.createOrganisationAsOperator(
          db,
          { actor: s.CLI_OPERATOR, now },
          {
            name: options.name,
            timezone: options.timezone,
            admin: {
              email: options.adminEmail,
              displayName: options.adminName,
              locale: options.locale,
              ...(options.password !== undefined ? { password: options.password } : {}),
            },
          },
        )
        const password = created.generatedPassword
          ? `\nInitial password (shown once): ${created.generatedPassword}`
          : created.existingPerson
            ? '\nThe administrator already signs in to Manyi and keeps their own password.'
            : ''
        return {
          json: created,
          text: `Created ${describe(created.organisation)}\nAdministrator ${created.admin.email} (${created.admin.id})${password}`,
        }
      }),
  )

  for (const [name, suspended] of [
    ['suspend', true],
    ['resume', false],
  ] as const)
    withStore(
      org
        .command(name)
        .description(
          suspended
            ? 'Suspend an organisation: its people cannot sign in, its sessions and API tokens are refused'
            : 'Resume a suspended organisation',
        )
        .argument('<org>', 'organisation id'),
    ).action((orgId: string, options: StoreOptions) =>
      act(options, async (s, db, now) => {
        const organisation = await s.setOrganisationSuspension(
          db,
          { actor: s.CLI_OPERATOR, now },
          orgId,
          suspended,
        )
        return { json: organisation, text: describe(organisation) }
      }),
    )

  withStore(
    org
      .command('configure')
      .description('Rename an organisation or change its time zone')
      .argument('<org>', 'organisation id')
      .option('--name <name>', 'new name')
      .option('--timezone <zone>', 'new IANA time zone'),
  ).action((orgId: string, options: StoreOptions & { name?: string; timezone?: string }) =>
    act(options, async (s, db, now) => {
      const organisation = await s.configureOrganisationAsOperator(
        db,
        { actor: s.CLI_OPERATOR, now },
        orgId,
        {
          ...(options.name !== undefined ? { name: options.name } : {}),
          ...(options.timezone !== undefined ? { timezone: options.timezone } : {}),
        },
      )
      return { json: organisation, text: describe(organisation) }
    }),
  )

  const operator = program
    .command('operator')
    .description('Operators of the instance (they create, suspend and configure organisations)')
  withStore(
    operator
      .command('grant')
      .description('Make the person who signs in with this e-mail an operator')
      .argument('<email>', 'their sign-in e-mail'),
  ).action((email: string, options: StoreOptions) =>
    act(options, async (s, db, now) => {
      const identity = await db
        .transaction()
        .execute((trx) => s.setOperator(trx, email, true, { actor: s.CLI_OPERATOR, now }))
      return {
        json: { email: identity.email, isOperator: true },
        text: `${identity.email} is an operator.`,
      }
    }),
  )
}
