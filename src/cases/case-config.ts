import type { Db } from '../db/database.js'
import { newSecret } from '../shared/ids.js'
import {
  fillMissingPublicFormKey,
  findCaseConfigRow,
  findPublicFormKey,
  insertCaseConfigRow,
} from './case-config.repository.js'
import { CaseConfigSchema, type CaseConfig } from './case-config.schema.js'

// The organisation's case configuration as the rest of the code reads it: cached briefly, made
// with defaults (and a first public form key) on first read. The schema is in case-config.schema.ts.

export {
  CaseConfigSchema,
  DEFAULT_CAUSES,
  PRIORITIES,
  PUBLIC_FORM_KEY,
  type CaseConfig,
  type Priority,
} from './case-config.schema.js'

const cache = new Map<string, { at: number; config: CaseConfig }>()
/** Other instances see a changed configuration within this long. */
const CACHE_MS = 5_000

export function forgetCaseConfig(orgId: string): void {
  cache.delete(orgId)
}

/** The organisation's configuration (defaults until someone saves one) with its public form key, made on first read. */
export async function loadCaseConfig(db: Db, orgId: string, now: number): Promise<CaseConfig> {
  const hit = cache.get(orgId)
  if (hit && now >= hit.at && now - hit.at < CACHE_MS) return hit.config
  const config = await readCaseConfig(db, orgId, now)
  cache.set(orgId, { at: now, config })
  return config
}

/** A new form key: 16 URL-safe characters, 96 random bits. */
export function newPublicFormKey(): string {
  return newSecret(12)
}

/** The current form key, straight from the database (no cache: a rotated key must show at once). */
export async function currentPublicFormKey(db: Db, orgId: string, now: number): Promise<string> {
  return (
    (await findPublicFormKey(db, orgId)) ?? (await readCaseConfig(db, orgId, now)).publicFormKey!
  )
}

async function readCaseConfig(db: Db, orgId: string, now: number): Promise<CaseConfig> {
  const row = await findCaseConfigRow(db, orgId)
  if (!row) {
    await insertCaseConfigRow(db, orgId, CaseConfigSchema.parse({}), newPublicFormKey(), now)
    return readCaseConfig(db, orgId, now)
  }
  let key = row.publicFormKey
  if (key === null) {
    // Not expected after migration 0008, which gives every row a key; made here rather than failing the form.
    await fillMissingPublicFormKey(db, orgId, newPublicFormKey())
    key = (await findPublicFormKey(db, orgId)) ?? null
  }
  return { ...row.config, publicFormKey: key! }
}
