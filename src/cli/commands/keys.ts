import type { Command } from 'commander'
import { type CliIo, printLine } from '../cli-io.js'

const DB_OPTION_HELP =
  'database: sqlite:PATH or postgres://… (default MANYI_DB_URL, DATABASE_URL or sqlite:./data/manyi.db)'

/** Loaded when a subcommand runs, so `manyi --help` does not load the database layer. */
const work = async () => ({
  ...(await import('../../personal-data/data-keys.service.js')),
  ...(await import('../../auth/sign-in-secrets.service.js')),
  ...(await import('../open-store.js')),
  ...(await import('cli-progress')),
})

/**
 * `manyi keys …`: the application keyring that seals personal data (docs/personal-data.md).
 * Keys are never printed, except by `generate`, which exists to print one.
 */
export function registerKeysCommand(program: Command, io: CliIo): void {
  const print = (line: string) => printLine(io.stdout, line)
  const keys = program
    .command('keys')
    .description('Personal data keys: status, rotate, reseal (encrypt-existing), generate')

  keys
    .command('status')
    .description(
      'Where the keys come from, the current key id, and how many records wait to be sealed',
    )
    .option('--db <url>', DB_OPTION_HELP)
    .action(async (options: { db?: string }) => {
      await withKeyedStore(options.db, async ({ source, keyed, w }) => {
        const waiting = Object.entries(await w.countPersonalDataToSeal(keyed))
          .filter(([, n]) => n > 0)
          .map(([table, n]) => `${table} ${n}`)
        print(
          `keys from ${source.from === 'env' ? 'MANYI_DATA_KEYS' : source.path}; current key ${source.keyring.current.id}; ${source.keyring.keys.size} key(s); ${waiting.length > 0 ? `records wait to be sealed (${waiting.join(', ')}): run manyi keys reseal` : 'every record sealed under the current key'}`,
        )
      })
    })

  keys
    .command('rotate')
    .description(
      'Add a new current key to the key file and re-seal every personal value under it, in batches (run manyi keys reseal to resume if stopped)',
    )
    .option('--db <url>', DB_OPTION_HELP)
    .option(
      '--no-reseal',
      'only add the key: restart the running instances (they read the keys at start), then run manyi keys reseal',
    )
    .action(async (options: { db?: string; reseal: boolean }) => {
      await withKeyedStore(options.db, async ({ source, store, w }) => {
        const keyring = w.addKeyToKeyFile(source, Date.now())
        print(`new current key ${keyring.current.id} saved to ${source.path}`)
        if (options.reseal) await reseal(w.storeWithDataKeys(store, keyring), w)
      })
    })

  for (const name of ['reseal', 'encrypt-existing']) {
    keys
      .command(name)
      .description(
        'Seal every personal value not yet sealed under the current key: plaintext stored before encryption, values under older keys; resumable',
      )
      .option('--db <url>', DB_OPTION_HELP)
      .action(async (options: { db?: string }) => {
        await withKeyedStore(options.db, async ({ keyed, w }) => reseal(keyed, w))
      })
  }

  keys
    .command('generate')
    .description('Print a new key entry (id:base64key) to put first in MANYI_DATA_KEYS')
    .action(async () => {
      const { newDataKeyEntry } = await import('../../personal-data/data-keys.service.js')
      print(newDataKeyEntry(Date.now()))
    })

  type Work = Awaited<ReturnType<typeof work>>
  type Keyed = {
    w: Work
    source: ReturnType<Work['configuredKeyring']>
    store: Awaited<ReturnType<Work['openStore']>>['store']
    /** The store with its handle carrying the keyring. */
    keyed: Awaited<ReturnType<Work['openStore']>>['store']
  }

  async function withKeyedStore(dbUrl: string | undefined, run: (k: Keyed) => Promise<void>) {
    const w = await work()
    const { config, store } = await w.openStore({ dbUrl }, io.env)
    try {
      const source = w.configuredKeyring(config.dbUrl, Date.now(), io.env)
      await run({ w, source, store, keyed: w.storeWithDataKeys(store, source.keyring) })
    } finally {
      await store.close()
    }
  }

  async function reseal(keyed: Keyed['keyed'], w: Work) {
    const bar = new w.SingleBar(
      { format: 'seal {table} [{bar}] {value}/{total}', hideCursor: true, stream: io.stderr },
      w.Presets.shades_classic,
    )
    let current = ''
    const sealed = await w.sealAllPersonalData(keyed, (p) => {
      if (p.table !== current) {
        if (current) bar.stop()
        current = p.table
        bar.start(p.total, p.done, { table: p.table })
      }
      bar.update(p.done, { table: p.table })
    })
    if (current) bar.stop()
    // SealedTableName is a string: each count read with a default.
    const channelSecrets = ['notice_settings', 'robot_channels', 'channel_settings'].reduce(
      (sum, table) => sum + (sealed[table] ?? 0),
      0,
    )
    // TOTP and identity-provider secrets are sealed with the same keys (src/auth/sso/sealed-secret.ts).
    const secrets = await w.resealSignInSecrets(keyed.db)
    print(
      `sealed under the current key: ${sealed.feedback} feedback records, ${sealed.contacts} contacts, ${sealed.unsubscribes} unsubscribed addresses, ${sealed.responses} answers, ${sealed.response_drafts} drafts, ${secrets} sign-in secrets, ${channelSecrets} gateway, robot and channel secrets, ${sealed.notice_messages} notice addresses`,
    )
  }
}
