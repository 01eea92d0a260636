import type { Kysely } from 'kysely'

/**
 * Churn risk and loyalty. `churn_models`: each training of an organisation's churn model — when,
 * the training and validation cutoffs and horizon, how many customers, and the model as JSON
 * (coefficients, validation AUC, calibration table), or why none could be trained. `churn_scores`:
 * each customer's current risk under the newest model, with its unit, the features it was scored
 * on (JSON, no personal values) and the action plan opened for it. `loyalty_programmes`: an
 * organisation's tiers and earning, redemption and expiry rules (JSON). `loyalty_accounts`: a
 * member's balance, points earned in all, tier and a version bumped by every write (the row every
 * ledger write takes first, so writes to one account run one after another). `loyalty_entries`:
 * the points ledger — every earning (purchase, feedback, compensation from a case), redemption and
 * expiry, signed, with the balance after it; one entry per source record and kind (unique).
 * Names are spelled out here, never imported.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('churn_models')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('trained_at', 'bigint', (c) => c.notNull())
    .addColumn('train_cutoff', 'bigint', (c) => c.notNull())
    .addColumn('validation_cutoff', 'bigint', (c) => c.notNull())
    .addColumn('horizon_days', 'integer', (c) => c.notNull())
    .addColumn('customers', 'integer', (c) => c.notNull())
    .addColumn('model', 'text')
    .addColumn('reason', 'text')
    .execute()
  await db.schema
    .createIndex('churn_models_org')
    .on('churn_models')
    .columns(['org_id', 'trained_at'])
    .execute()
  await db.schema
    .createTable('churn_scores')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('model_id', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text')
    .addColumn('risk', 'double precision', (c) => c.notNull())
    .addColumn('features', 'text', (c) => c.notNull())
    .addColumn('action_plan_id', 'text')
    .addColumn('scored_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('churn_scores_pk', ['org_id', 'customer_id'])
    .execute()
  await db.schema
    .createIndex('churn_scores_unit')
    .on('churn_scores')
    .columns(['org_id', 'unit_id', 'risk'])
    .execute()
  await db.schema
    .createTable('loyalty_programmes')
    .addColumn('org_id', 'text', (c) => c.primaryKey())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('loyalty_accounts')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('balance', 'bigint', (c) => c.notNull())
    .addColumn('earned', 'bigint', (c) => c.notNull())
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('loyalty_accounts_pk', ['org_id', 'customer_id'])
    .execute()
  await db.schema
    .createTable('loyalty_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('points', 'bigint', (c) => c.notNull())
    .addColumn('balance_after', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint')
    .addColumn('source_kind', 'text')
    .addColumn('source_id', 'text')
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('loyalty_entries_source', ['org_id', 'kind', 'source_kind', 'source_id'])
    .execute()
  await db.schema
    .createIndex('loyalty_entries_customer')
    .on('loyalty_entries')
    .columns(['org_id', 'customer_id', 'created_at'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('loyalty_entries').execute()
  await db.schema.dropTable('loyalty_accounts').execute()
  await db.schema.dropTable('loyalty_programmes').execute()
  await db.schema.dropTable('churn_scores').execute()
  await db.schema.dropTable('churn_models').execute()
}
