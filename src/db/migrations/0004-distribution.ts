import type { Kysely } from 'kysely'

// Multi-page drafts, contact lists, e-mail/webhook distributions and their invitations, import jobs.
export async function up(db: Kysely<unknown>): Promise<void> {
  // Signs survey links whose hidden fields (customer id, order id …) must not be forged.
  await db.schema.alterTable('organisations').addColumn('link_secret', 'text').execute()

  await db.schema
    .createTable('response_drafts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('survey_id', 'text', (c) => c.notNull().references('surveys.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('invitation_id', 'text', (c) => c.unique())
    .addColumn('client_response_id', 'text', (c) => c.notNull())
    .addColumn('page', 'integer', (c) => c.notNull())
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('context', 'text', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('response_drafts_updated').on('response_drafts').column('updated_at').execute()

  await db.schema
    .createTable('contact_lists')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('contact_lists_org').on('contact_lists').column('org_id').execute()

  await db.schema
    .createTable('contacts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('list_id', 'text', (c) => c.notNull().references('contact_lists.id'))
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('attributes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('contacts_list').on('contacts').column('list_id').execute()

  await db.schema
    .createTable('unsubscribes')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('unsubscribes_pk', ['org_id', 'address'])
    .execute()

  await db.schema
    .createTable('distributions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('survey_id', 'text', (c) => c.notNull().references('surveys.id'))
    .addColumn('list_id', 'text', (c) => c.notNull().references('contact_lists.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('send_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('distributions_survey').on('distributions').columns(['org_id', 'survey_id']).execute()

  await db.schema
    .createTable('invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('distribution_id', 'text', (c) => c.notNull().references('distributions.id'))
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id'))
    .addColumn('token', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('reminders_sent', 'integer', (c) => c.notNull())
    .addColumn('claimed_at', 'bigint')
    .addColumn('sent_at', 'bigint')
    .addColumn('last_sent_at', 'bigint')
    .addColumn('opened_at', 'bigint')
    .addColumn('started_at', 'bigint')
    .addColumn('completed_at', 'bigint')
    .addColumn('response_id', 'text')
    .addUniqueConstraint('invitations_one_per_contact', ['distribution_id', 'contact_id'])
    .execute()
  await db.schema.createIndex('invitations_status').on('invitations').columns(['distribution_id', 'status']).execute()

  await db.schema
    .createTable('import_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('survey_id', 'text', (c) => c.notNull().references('surveys.id'))
    .addColumn('file', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('done', 'integer', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('report', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['import_jobs', 'invitations', 'distributions', 'unsubscribes', 'contacts', 'contact_lists', 'response_drafts']) {
    await db.schema.dropTable(table).execute()
  }
  await db.schema.alterTable('organisations').dropColumn('link_secret').execute()
}
