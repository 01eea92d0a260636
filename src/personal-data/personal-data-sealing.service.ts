import type { Db } from '../db/database.js'
import { countContactsToSeal, sealContactBatch } from '../distribution/contact-sealing.service.js'
import { countFeedbackToSeal, sealFeedbackBatch } from '../feedback/feedback-sealing.service.js'

/** Rows a sweep rewrites per transaction. */
export const SEALING_BATCH = 500

/** Where a sealing sweep stands: rows rewritten of those it found to do, per table. */
export interface SealingProgress {
  table: 'feedback' | 'contacts'
  done: number
  total: number
}

const TABLES = [
  { table: 'feedback', count: countFeedbackToSeal, batch: sealFeedbackBatch },
  { table: 'contacts', count: countContactsToSeal, batch: sealContactBatch },
] as const

/**
 * Seals every personal value of the store (all organisations) under the keyring's current key:
 * plaintext left from before encryption, and values sealed under older keys after a rotation.
 * Batches of `batchSize` rows, each its own transaction; a sweep stopped half-way is resumed by
 * running it again (rows done are no longer found). `db` must carry the keyring.
 */
export async function sealAllPersonalData(
  db: Db,
  onProgress: (progress: SealingProgress) => void = () => {},
  batchSize = SEALING_BATCH,
): Promise<{ feedback: number; contacts: number }> {
  const sealed = { feedback: 0, contacts: 0 }
  for (const { table, count, batch } of TABLES) {
    const total = await count(db)
    let afterId: string | null = null
    onProgress({ table, done: 0, total })
    for (;;) {
      const step: { lastId: string | null; sealed: number } = await batch(db, afterId, batchSize)
      if (step.sealed === 0) break
      sealed[table] += step.sealed
      afterId = step.lastId
      onProgress({ table, done: sealed[table], total })
    }
  }
  return sealed
}

/** Whether any personal value is not yet sealed under the current key. */
export async function hasPersonalDataToSeal(db: Db): Promise<boolean> {
  return (await countFeedbackToSeal(db)) + (await countContactsToSeal(db)) > 0
}
