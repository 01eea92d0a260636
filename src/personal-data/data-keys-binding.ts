import type {
  Kysely,
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
} from 'kysely'
import type { Keyring } from './keyring.js'

/**
 * Carries the application keyring on a store handle. It changes no query: it rides on the handle
 * (and on every transaction begun from it, which keep their parent's plugins), so a repository
 * handed `db` or a transaction finds the keys without every caller passing them along.
 */
class DataKeysPlugin implements KyselyPlugin {
  constructor(readonly keyring: Keyring) {}

  transformQuery(args: PluginTransformQueryArgs) {
    return args.node
  }

  async transformResult(args: PluginTransformResultArgs) {
    return args.result
  }
}

/** `db` carrying `keyring`: what the composition root hands on. */
export function withDataKeys<DB>(db: Kysely<DB>, keyring: Keyring): Kysely<DB> {
  return db.withPlugin(new DataKeysPlugin(keyring))
}

/** The keyring a store handle (or a transaction of it) carries, if any. */
export function dataKeysOf<DB>(db: Kysely<DB>): Keyring | null {
  // getExecutor() is marked internal in Kysely's typings; data-keys-binding.test.ts pins that a
  // transaction still reaches its parent's plugins through it.
  const plugins = db.getExecutor().plugins
  for (let i = plugins.length - 1; i >= 0; i--) {
    const plugin = plugins[i]
    if (plugin instanceof DataKeysPlugin) return plugin.keyring
  }
  return null
}
