import type { Db } from '../db/database.js'
import { currentSealPrefix } from './personal-field.service.js'
import type { SealedTable, SealingStore } from './sealed-table.service.js'
import { SEALED_TABLES, type SealedTableName } from './sealed-tables.service.js'

export type { SealingStore, SealedTableName }

/** Rows a sweep rewrites per transaction. */
export const SEALING_BATCH = 500

/** Where a sealing sweep stands: rows rewritten of those it found to do, per table. */
export interface SealingProgress {
  table: SealedTableName
  done: number
  total: number
}

/** Rows sealed again per table. */
export type SealedCounts = Record<SealedTableName, number>

/**
 * Seals every personal value of the store (all organisations) under the keyring's current key:
 * plaintext left from before encryption, and values sealed under older keys after a rotation —
 * table by table (SEALED_TABLES), in batches of `batchSize` rows, each its own transaction. A
 * sweep stopped half-way is resumed by running it again (rows done are no longer found).
 * `store.db` must carry the keyring.
 */
export async function sealAllPersonalData(
  store: SealingStore,
  onProgress: (progress: SealingProgress) => void = () => {},
  batchSize = SEALING_BATCH,
): Promise<SealedCounts> {
  const sealed = {} as SealedCounts
  for (const entry of SEALED_TABLES) {
    sealed[entry.table] = await sealTable(store, entry, onProgress, batchSize)
  }
  return sealed
}

async function sealTable(
  store: SealingStore,
  entry: SealedTable<{ id: string }> & { table: SealedTableName },
  onProgress: (progress: SealingProgress) => void,
  batchSize: number,
): Promise<number> {
  const plan = await entry.plan(store, requirePrefix(store.db))
  const total = await entry.io.count(store.db, plan.stale)
  onProgress({ table: entry.table, done: 0, total })
  let done = 0
  let afterId: string | null = null
  for (;;) {
    const step: { lastId: string | null; sealed: number } = await sealBatch(
      store.db,
      entry,
      plan,
      afterId,
      batchSize,
    )
    if (step.sealed === 0) return done
    done += step.sealed
    afterId = step.lastId
    onProgress({ table: entry.table, done, total })
  }
}

/** One batch: the next rows waiting after `afterId`, each read and rewritten in one transaction. */
async function sealBatch(
  db: Db,
  entry: SealedTable<{ id: string }>,
  plan: Awaited<ReturnType<SealedTable<{ id: string }>['plan']>>,
  afterId: string | null,
  limit: number,
): Promise<{ lastId: string | null; sealed: number }> {
  return db.transaction().execute(async (trx) => {
    const rows = await entry.io.next(trx, plan.stale, afterId, limit)
    for (const row of rows) await entry.io.write(trx, row, plan.reseal(trx, row))
    return { lastId: rows.at(-1)?.id ?? null, sealed: rows.length }
  })
}

/**
 * One batch of one table, as a sweep stopped after it leaves the store (tests of a rotation
 * stopped half-way).
 */
export async function sealOneBatch(
  store: SealingStore,
  table: SealedTableName,
  limit: number,
): Promise<number> {
  const entry = SEALED_TABLES.find((t) => t.table === table)!
  const plan = await entry.plan(store, requirePrefix(store.db))
  return (await sealBatch(store.db, entry, plan, null, limit)).sealed
}

/** How many rows per table wait to be sealed under the current key. */
export async function countPersonalDataToSeal(store: SealingStore): Promise<SealedCounts> {
  const counts = {} as SealedCounts
  for (const entry of SEALED_TABLES) {
    const plan = await entry.plan(store, requirePrefix(store.db))
    counts[entry.table] = await entry.io.count(store.db, plan.stale)
  }
  return counts
}

/** Whether any personal value is not yet sealed under the current key. */
export async function hasPersonalDataToSeal(store: SealingStore): Promise<boolean> {
  return Object.values(await countPersonalDataToSeal(store)).some((n) => n > 0)
}

function requirePrefix(db: Db): string {
  const prefix = currentSealPrefix(db)
  if (prefix === null)
    throw new Error('Sealing personal data needs the store handle with the keyring')
  return prefix
}
