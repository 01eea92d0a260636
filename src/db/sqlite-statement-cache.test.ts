import SqliteDatabase from 'better-sqlite3'
import { Kysely, SqliteDialect, sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { withStatementCache } from './sqlite-statement-cache.js'

interface Db {
  items: { id: number; name: string }
}

describe('SQLite statement cache under Kysely', () => {
  let handle: SqliteDatabase.Database
  let db: Kysely<Db>

  beforeEach(async () => {
    handle = new SqliteDatabase(':memory:')
    db = new Kysely<Db>({ dialect: new SqliteDialect({ database: withStatementCache(handle) }) })
    await sql`create table items (id integer primary key, name text not null)`.execute(db)
    for (let id = 1; id <= 3; id++)
      await db
        .insertInto('items')
        .values({ id, name: `item ${id}` })
        .execute()
  })

  afterEach(async () => {
    await db.destroy()
  })

  it('prepares a query once and reuses it with new parameters', async () => {
    const prepare = vi.spyOn(handle, 'prepare')
    const byId = (id: number) =>
      db.selectFrom('items').select('name').where('id', '=', id).executeTakeFirst()
    expect(await byId(1)).toEqual({ name: 'item 1' })
    expect(await byId(2)).toEqual({ name: 'item 2' })
    expect(await byId(7)).toBeUndefined()
    expect(prepare).toHaveBeenCalledTimes(1)
  })

  it('gives a fresh statement while the cached one is still being iterated', () => {
    const cache = withStatementCache(handle)
    const text = 'select name from items order by id'
    const first = cache.prepare(text)
    const rows = first.iterate([])
    expect(rows.next().value).toEqual({ name: 'item 1' })
    const second = cache.prepare(text)
    expect(second).not.toBe(first)
    rows.return?.()
    expect(cache.prepare(text)).toBe(first)
  })

  it('keeps writes and reads consistent through reused statements', async () => {
    await db.updateTable('items').set({ name: 'renamed' }).where('id', '=', 2).execute()
    await db.updateTable('items').set({ name: 'again' }).where('id', '=', 3).execute()
    expect(
      (await db.selectFrom('items').select('name').orderBy('id').execute()).map((r) => r.name),
    ).toEqual(['item 1', 'renamed', 'again'])
  })
})
