import { type DatabaseIntrospector, type Kysely, Migrator, PostgresIntrospector, sql } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'
import { MIGRATIONS, migrateToLatest } from './migrate.js'
import { SchemaBoundIntrospector } from './schema-bound-introspector.js'
import { describeOnDialects } from './test-dialects.js'
import { TEST_PG_URL } from './test-store.js'

/**
 * Another session drops a table of another schema while this one reads the catalogue, as another
 * test process or another application sharing the database does. Made deterministic with a
 * repeatable-read snapshot taken before the drop: the catalogue rows still show the table, while
 * any lookup by name sees it gone (what happened in CI when the drop landed mid-read).
 */
describeOnDialects(['postgres'], 'introspection of a store bound to its schema', (ctx) => {
  const other = `manyi_other_${process.pid}_${Math.random().toString(36).slice(2, 8)}`
  const dropper = new pg.Client({ connectionString: TEST_PG_URL })

  beforeAll(async () => {
    await dropper.connect()
    await dropper.query(`create schema ${other}`)
  })
  beforeEach(async () => {
    await dropper.query(`create table ${other}.doomed (id serial primary key, note text)`)
  })
  afterAll(async () => {
    await dropper.query(`drop schema ${other} cascade`)
    await dropper.end()
  })

  /** Reads the tables with `make`'s introspector after another session dropped one meanwhile. */
  async function tablesWhileAnotherSchemaDrops(
    make: (trx: Kysely<unknown>) => DatabaseIntrospector,
  ) {
    return ctx.store.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        await sql`select 1 from pg_catalog.pg_class limit 1`.execute(trx)
        await dropper.query(`drop table ${other}.doomed`)
        return make(trx as unknown as Kysely<unknown>).getTables()
      })
  }

  it("lists only the store's own tables, with their columns, whatever another schema does", async () => {
    const tables = await tablesWhileAnotherSchemaDrops(
      (trx) => new SchemaBoundIntrospector(trx, ctx.store.pgSchema!),
    )
    expect(new Set(tables.map((t) => t.schema))).toEqual(new Set([ctx.store.pgSchema]))
    expect(tables.map((t) => t.name)).toContain('manyi_migrations')
    const responses = tables.find((t) => t.name === 'responses')
    expect(responses?.columns.find((c) => c.name === 'id')).toMatchObject({
      isNullable: false,
      dataType: 'text',
    })
  })

  it("is what makes the difference: Kysely's own introspector fails naming the other table", async () => {
    await expect(
      tablesWhileAnotherSchemaDrops((trx) => new PostgresIntrospector(trx)),
    ).rejects.toThrow(/does not exist/)
  })

  it("is the store's introspector, which the Migrator uses: a step down and back up", async () => {
    const migrator = new Migrator({
      db: ctx.store.db,
      migrationTableSchema: ctx.store.pgSchema!,
      provider: { getMigrations: async () => MIGRATIONS },
      migrationTableName: 'manyi_migrations',
      migrationLockTableName: 'manyi_migrations_lock',
    })
    expect(ctx.store.db.introspection).toBeInstanceOf(SchemaBoundIntrospector)
    expect((await migrator.migrateDown()).error).toBeUndefined()
    const report = await migrateToLatest(ctx.store)
    expect(report.applied).toEqual([Object.keys(MIGRATIONS).at(-1)])
  })
})
