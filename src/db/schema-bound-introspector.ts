import {
  type DatabaseIntrospector,
  type DatabaseMetadata,
  type DatabaseMetadataOptions,
  type Kysely,
  PostgresDialect,
  type PostgresDialectConfig,
  type SchemaMetadata,
  sql,
  type TableMetadata,
} from 'kysely'

interface ColumnRow {
  table: string
  table_type: string
  column: string
  type: string
  type_schema: string
  not_null: boolean
  has_default: boolean
}

/**
 * Kysely's PostgreSQL introspector reads the columns of every schema in the database and calls
 * pg_get_serial_sequence on each. When another schema's table is dropped during that read (another
 * application, another Manyi instance's test schema, a migration's down step elsewhere), the call
 * fails with 'column "x" of relation "y" does not exist', and with it the Migrator's check for its
 * own record table. Manyi only ever needs its own schema, so this introspector reads that alone
 * and touches no function that resolves other schemas' names.
 */
export class SchemaBoundIntrospector implements DatabaseIntrospector {
  readonly #db: Kysely<unknown>
  readonly #schema: string

  constructor(db: Kysely<unknown>, schema: string) {
    this.#db = db
    this.#schema = schema
  }

  async getSchemas(): Promise<SchemaMetadata[]> {
    const rows = await sql<{ name: string }>`
      select nspname as name from pg_catalog.pg_namespace where nspname = ${this.#schema}
    `.execute(this.#db)
    return rows.rows.map((row) => ({ name: row.name }))
  }

  async getTables(): Promise<TableMetadata[]> {
    const { rows } = await sql<ColumnRow>`
      select c.relname as "table", c.relkind as table_type, a.attname as "column",
             typ.typname as type, tns.nspname as type_schema,
             a.attnotnull as not_null, a.atthasdef as has_default
      from pg_catalog.pg_class c
      join pg_catalog.pg_namespace ns on ns.oid = c.relnamespace
      join pg_catalog.pg_attribute a on a.attrelid = c.oid
      join pg_catalog.pg_type typ on typ.oid = a.atttypid
      join pg_catalog.pg_namespace tns on tns.oid = typ.typnamespace
      where ns.nspname = ${this.#schema}
        and c.relkind in ('r', 'v', 'p')
        and a.attnum >= 0 and not a.attisdropped
      order by c.relname, a.attnum
    `.execute(this.#db)
    return tablesOf(rows, this.#schema)
  }

  async getMetadata(_options?: DatabaseMetadataOptions): Promise<DatabaseMetadata> {
    return { tables: await this.getTables() }
  }
}

function tablesOf(rows: ColumnRow[], schema: string): TableMetadata[] {
  const tables = new Map<string, TableMetadata & { columns: TableMetadata['columns'][number][] }>()
  for (const row of rows) {
    let table = tables.get(row.table)
    if (!table) {
      table = { name: row.table, schema, isView: row.table_type === 'v', columns: [] }
      tables.set(row.table, table)
    }
    table.columns.push({
      name: row.column,
      dataType: row.type,
      dataTypeSchema: row.type_schema,
      isNullable: !row.not_null,
      hasDefaultValue: row.has_default,
      // Manyi's ids are text keys it makes itself; no table of its own has a serial column.
      isAutoIncrementing: false,
    })
  }
  return [...tables.values()]
}

/** PostgresDialect whose introspection (and so Kysely's Migrator) sees only one schema. */
export class SchemaBoundPostgresDialect extends PostgresDialect {
  readonly #schema: string

  constructor(config: PostgresDialectConfig, schema: string) {
    super(config)
    this.#schema = schema
  }

  override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SchemaBoundIntrospector(db, this.#schema)
  }
}
