import type { Db } from '../db/database.js'

/** The enterprise_csi_settings table (migration 0069): the only code that queries it. */

export interface StoredSettings {
  settings: string
  updatedBy: string
  updatedAt: number
}

export async function findSettingsRow(db: Db, orgId: string): Promise<StoredSettings | undefined> {
  const row = await db
    .selectFrom('enterprise_csi_settings')
    .select(['settings', 'updated_by', 'updated_at'])
    .where('org_id', '=', orgId)
    .executeTakeFirst()
  return row
    ? { settings: row.settings, updatedBy: row.updated_by, updatedAt: Number(row.updated_at) }
    : undefined
}

/** Inserts or replaces the organisation's settings. */
export async function saveSettingsRow(db: Db, orgId: string, row: StoredSettings): Promise<void> {
  await db
    .insertInto('enterprise_csi_settings')
    .values({
      org_id: orgId,
      settings: row.settings,
      updated_by: row.updatedBy,
      updated_at: row.updatedAt,
    })
    .onConflict((oc) =>
      oc.column('org_id').doUpdateSet({
        settings: row.settings,
        updated_by: row.updatedBy,
        updated_at: row.updatedAt,
      }),
    )
    .execute()
}
