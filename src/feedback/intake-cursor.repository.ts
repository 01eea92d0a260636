import type { Db } from '../db/database.js'

/** intake_cursors: how far a background intake has read its source, by name. */

/** The cursor's position; a new cursor starts at `initial` (two instances racing agree on one). */
export async function readIntakeCursor(db: Db, name: string, initial: string, now: number) {
  const row = await db
    .selectFrom('intake_cursors')
    .select('position')
    .where('name', '=', name)
    .executeTakeFirst()
  if (row) return row.position
  await db
    .insertInto('intake_cursors')
    .values({ name, position: initial, updated_at: now })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute()
  return (
    await db
      .selectFrom('intake_cursors')
      .select('position')
      .where('name', '=', name)
      .executeTakeFirstOrThrow()
  ).position
}

/** Moves the cursor forward to `position`; never back (another instance may be ahead). */
export async function advanceIntakeCursor(
  db: Db,
  name: string,
  position: string,
  now: number,
): Promise<void> {
  await db
    .updateTable('intake_cursors')
    .set({ position, updated_at: now })
    .where('name', '=', name)
    .where('position', '<', position)
    .execute()
}
