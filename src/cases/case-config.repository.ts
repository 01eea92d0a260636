import { z } from 'zod'
import type { Db } from '../db/database.js'
import { CaseConfigSchema, type CaseConfig } from './case-config.schema.js'

// The only code that queries `case_configs`: one row per organisation holding its configuration
// (JSON, everything but the form key), the public complaint form key and the round-robin position.

/** The stored JSON: an object the schema fills with defaults (a row saved before a setting existed lacks it). */
const StoredConfig = z.record(z.string(), z.unknown())

export interface CaseConfigRow {
  /** Without the form key, which lives in its own column. */
  config: CaseConfig
  publicFormKey: string | null
}

/** The configuration as stored: everything but the form key, which lives in its own unique column. */
function storedCaseConfig(config: CaseConfig): string {
  const { publicFormKey: _key, ...rest } = config
  return JSON.stringify(rest)
}

export async function findCaseConfigRow(db: Db, orgId: string): Promise<CaseConfigRow | undefined> {
  const row = await db
    .selectFrom('case_configs')
    .select(['config', 'public_form_key'])
    .where('org_id', '=', orgId)
    .executeTakeFirst()
  if (!row) return undefined
  return {
    config: CaseConfigSchema.parse(StoredConfig.parse(JSON.parse(row.config))),
    publicFormKey: row.public_form_key,
  }
}

/** The organisation's first row; a row made meanwhile by another request wins. */
export async function insertCaseConfigRow(
  db: Db,
  orgId: string,
  config: CaseConfig,
  publicFormKey: string,
  now: number,
): Promise<void> {
  await db
    .insertInto('case_configs')
    .values({
      org_id: orgId,
      config: storedCaseConfig(config),
      round_robin: 0,
      updated_at: now,
      public_form_key: publicFormKey,
    })
    .onConflict((oc) => oc.column('org_id').doNothing())
    .execute()
}

/** The form key as stored now, bypassing any cache; undefined without a row. */
export async function findPublicFormKey(db: Db, orgId: string): Promise<string | null | undefined> {
  const row = await db
    .selectFrom('case_configs')
    .select('public_form_key')
    .where('org_id', '=', orgId)
    .executeTakeFirst()
  return row?.public_form_key
}

/** Give a row without a key this one (another request's key, set meanwhile, stays). */
export async function fillMissingPublicFormKey(
  db: Db,
  orgId: string,
  publicFormKey: string,
): Promise<void> {
  await db
    .updateTable('case_configs')
    .set({ public_form_key: publicFormKey })
    .where('org_id', '=', orgId)
    .where('public_form_key', 'is', null)
    .execute()
}

export async function saveCaseConfig(
  db: Db,
  orgId: string,
  config: CaseConfig,
  now: number,
): Promise<void> {
  await db
    .updateTable('case_configs')
    .set({ config: storedCaseConfig(config), updated_at: now })
    .where('org_id', '=', orgId)
    .execute()
}

export async function setPublicFormKey(
  db: Db,
  orgId: string,
  publicFormKey: string,
  now: number,
): Promise<void> {
  await db
    .updateTable('case_configs')
    .set({ public_form_key: publicFormKey, updated_at: now })
    .where('org_id', '=', orgId)
    .execute()
}

/** The organisation whose complaint form is at this key (the column is unique, migration 0008). */
export async function orgIdByPublicFormKey(db: Db, key: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('case_configs')
    .select('org_id')
    .where('public_form_key', '=', key)
    .executeTakeFirst()
  return row?.org_id
}

/** Move round-robin routing one position on; the new position (1 the first time). */
export async function advanceRoundRobin(db: Db, orgId: string): Promise<number> {
  await db
    .updateTable('case_configs')
    .set((eb) => ({ round_robin: eb('round_robin', '+', 1) }))
    .where('org_id', '=', orgId)
    .execute()
  const turn = await db
    .selectFrom('case_configs')
    .select('round_robin')
    .where('org_id', '=', orgId)
    .executeTakeFirst()
  return Number(turn?.round_robin ?? 1)
}
