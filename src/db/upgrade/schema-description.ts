import { sql } from 'kysely'
import type { Store } from '../connect.js'

/**
 * What a database's schema is, in a form two databases can be compared by:
 * per table its columns (name, type, not null, default, primary key), indexes
 * (unique or not, columns in order) and foreign keys / constraints. Column
 * order is left out: PostgreSQL can only append a column to a table.
 */
export type SchemaDescription = Record<
  string,
  { columns: string[]; indexes: string[]; constraints: string[] }
>

export async function describeSchema(
  store: Pick<Store, 'db' | 'pgSchema' | 'features'>,
): Promise<SchemaDescription> {
  return store.features.name === 'postgres' ? describePostgres(store) : describeSqlite(store)
}

async function describeSqlite({ db }: Pick<Store, 'db'>): Promise<SchemaDescription> {
  const result: SchemaDescription = {}
  const tables = (
    await sql<{
      name: string
    }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(
      db,
    )
  ).rows
  for (const { name } of tables) {
    const columns = (
      await sql<{
        name: string
        type: string
        notnull: number
        dflt_value: string | null
        pk: number
      }>`select * from pragma_table_info(${name})`.execute(db)
    ).rows
    const indexes = (
      await sql<{
        name: string
        unique: number
        origin: string
      }>`select * from pragma_index_list(${name})`.execute(db)
    ).rows
    const indexText: string[] = []
    for (const index of indexes) {
      const on = (
        await sql<{
          name: string
        }>`select name from pragma_index_info(${index.name}) order by seqno`.execute(db)
      ).rows
        .map((r) => r.name)
        .join(', ')
      // Constraint indexes are named by SQLite after the table's creation order; their columns are what matters.
      indexText.push(
        `${index.origin === 'c' ? index.name : `(${index.origin})`}${index.unique ? ' unique' : ''} (${on})`,
      )
    }
    const keys = (
      await sql<{
        from: string
        table: string
        to: string | null
      }>`select * from pragma_foreign_key_list(${name})`.execute(db)
    ).rows
    result[name] = {
      columns: columns
        .map(
          (c) =>
            `${c.name} ${c.type.toLowerCase()}${c.notnull ? ' not null' : ''}${c.dflt_value !== null ? ` default ${c.dflt_value}` : ''}${c.pk ? ` pk${c.pk}` : ''}`,
        )
        .sort(),
      indexes: indexText.sort(),
      constraints: keys.map((k) => `${k.from} → ${k.table}(${k.to ?? ''})`).sort(),
    }
  }
  return result
}

async function describePostgres({
  db,
  pgSchema,
}: Pick<Store, 'db' | 'pgSchema'>): Promise<SchemaDescription> {
  const schema = pgSchema!
  const result: SchemaDescription = {}
  const columns = (
    await sql<{
      table_name: string
      column_name: string
      data_type: string
      is_nullable: string
      column_default: string | null
    }>`
      select table_name, column_name, data_type, is_nullable, column_default from information_schema.columns
      where table_schema = ${schema} and table_name in (select table_name from information_schema.tables where table_schema = ${schema} and table_type = 'BASE TABLE')`.execute(
      db,
    )
  ).rows
  for (const c of columns) {
    result[c.table_name] ??= { columns: [], indexes: [], constraints: [] }
    result[c.table_name]!.columns.push(
      `${c.column_name} ${c.data_type}${c.is_nullable === 'NO' ? ' not null' : ''}${c.column_default !== null ? ` default ${c.column_default}` : ''}`,
    )
  }
  const indexes = (
    await sql<{
      tablename: string
      indexname: string
      indexdef: string
    }>`select tablename, indexname, indexdef from pg_indexes where schemaname = ${schema}`.execute(
      db,
    )
  ).rows
  for (const i of indexes)
    result[i.tablename]?.indexes.push(i.indexdef.replaceAll(`${schema}.`, ''))
  const constraints = (
    await sql<{ table: string; name: string; def: string }>`
      select t.relname as "table", c.conname as name, pg_get_constraintdef(c.oid) as def from pg_constraint c
      join pg_class t on t.oid = c.conrelid join pg_namespace n on n.oid = t.relnamespace where n.nspname = ${schema}`.execute(
      db,
    )
  ).rows
  for (const c of constraints)
    result[c.table]?.constraints.push(`${c.name} ${c.def.replaceAll(`${schema}.`, '')}`)
  for (const table of Object.values(result)) {
    table.columns.sort()
    table.indexes.sort()
    table.constraints.sort()
  }
  return Object.fromEntries(Object.entries(result).sort(([a], [b]) => a.localeCompare(b)))
}
