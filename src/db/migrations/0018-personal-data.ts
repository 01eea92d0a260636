import type { Kysely } from 'kysely'

/**
 * Personal data sealed at rest: beside each plaintext personal column, a column for its
 * AES-256-GCM envelope (`pd1:<key id>:<iv>:<ciphertext>`) and, where lookups by value are
 * needed (case search by phone or e-mail, contact dedupe), a blind index (HMAC-SHA256 of the
 * normalised value). This migration needs no key: it only adds columns. Existing plaintext is
 * sealed by the application at start (or by `manyi keys encrypt-existing`), which then clears
 * the plaintext column. Names are spelled out here, never imported from live code.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('feedback').addColumn('customer_name_sealed', 'text').execute()
  await db.schema.alterTable('feedback').addColumn('customer_email_sealed', 'text').execute()
  await db.schema.alterTable('feedback').addColumn('customer_phone_sealed', 'text').execute()
  await db.schema.alterTable('feedback').addColumn('customer_email_index', 'text').execute()
  await db.schema.alterTable('feedback').addColumn('customer_phone_index', 'text').execute()
  await db.schema
    .createIndex('feedback_customer_email_index')
    .on('feedback')
    .columns(['org_id', 'customer_email_index'])
    .execute()
  await db.schema
    .createIndex('feedback_customer_phone_index')
    .on('feedback')
    .columns(['org_id', 'customer_phone_index'])
    .execute()
  await db.schema.alterTable('contacts').addColumn('name_sealed', 'text').execute()
  await db.schema.alterTable('contacts').addColumn('email_sealed', 'text').execute()
  await db.schema.alterTable('contacts').addColumn('phone_sealed', 'text').execute()
  await db.schema.alterTable('contacts').addColumn('email_index', 'text').execute()
  await db.schema.alterTable('contacts').addColumn('phone_index', 'text').execute()
  await db.schema
    .createIndex('contacts_email_index')
    .on('contacts')
    .columns(['org_id', 'email_index'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('contacts_email_index').execute()
  await db.schema.dropIndex('feedback_customer_phone_index').execute()
  await db.schema.dropIndex('feedback_customer_email_index').execute()
  for (const column of [
    'name_sealed',
    'email_sealed',
    'phone_sealed',
    'email_index',
    'phone_index',
  ]) {
    await db.schema.alterTable('contacts').dropColumn(column).execute()
  }
  for (const column of [
    'customer_name_sealed',
    'customer_email_sealed',
    'customer_phone_sealed',
    'customer_email_index',
    'customer_phone_index',
  ]) {
    await db.schema.alterTable('feedback').dropColumn(column).execute()
  }
}
