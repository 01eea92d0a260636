import type { Db } from '../db/database.js'

/** The `user_preferences` table (migration 0025): one JSON value per person, organisation and key. */

export async function listPreferenceRows(
  db: Db,
  orgId: string,
  actorId: string,
): Promise<Array<{ key: string; value: string }>> {
  return db
    .selectFrom('user_preferences')
    .select(['key', 'value'])
    .where('org_id', '=', orgId)
    .where('actor_id', '=', actorId)
    .orderBy('key')
    .execute()
}

export async function upsertPreferenceRow(
  db: Db,
  row: { orgId: string; actorId: string; key: string; value: string; updatedAt: number },
): Promise<void> {
  await db
    .insertInto('user_preferences')
    .values({
      org_id: row.orgId,
      actor_id: row.actorId,
      key: row.key,
      value: row.value,
      updated_at: row.updatedAt,
    })
    .onConflict((oc) =>
      oc
        .columns(['org_id', 'actor_id', 'key'])
        .doUpdateSet({ value: row.value, updated_at: row.updatedAt }),
    )
    .execute()
}
