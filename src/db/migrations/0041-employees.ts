import type { Kysely } from 'kysely'

/**
 * Employees (issue 19): the people who serve customers, whether or not they sign in. `employees`:
 * one per person of an organisation, its code (unique in the organisation; what imports, the
 * `employee` hidden field and contact attributes name), name, unit, the membership (users row) it
 * signs in with (null for technicians and front-desk staff who never do; one membership is one
 * employee at most), and status active or left. Names of staff are kept like members' display
 * names, in plaintext (they are no customer data).
 *
 * The employee who served is stored on what customers said: `responses.employee_id`,
 * `feedback.employee_id` and `cases.employee_id` (null: not known). Names are spelled out here,
 * never imported from live code.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('employees')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text')
    .addColumn('user_id', 'text')
    .addColumn('position', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('employees_code', ['org_id', 'code'])
    .execute()
  await db.schema
    .createIndex('employees_user')
    .on('employees')
    .columns(['org_id', 'user_id'])
    .execute()
  await db.schema
    .createIndex('employees_unit')
    .on('employees')
    .columns(['org_id', 'unit_id'])
    .execute()
  for (const table of ['responses', 'feedback', 'cases']) {
    await db.schema.alterTable(table).addColumn('employee_id', 'text').execute()
    await db.schema
      .createIndex(`${table}_employee`)
      .on(table)
      .columns(['org_id', 'employee_id'])
      .execute()
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['cases', 'feedback', 'responses']) {
    await db.schema.dropIndex(`${table}_employee`).execute()
    await db.schema.alterTable(table).dropColumn('employee_id').execute()
  }
  await db.schema.dropTable('employees').execute()
}
