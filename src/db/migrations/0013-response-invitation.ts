import { sql, type Kysely } from 'kysely'

/**
 * The personal invitation an answer came through is a column of its own,
 * set when the answer is stored, instead of a prefix ("inv_<invitation id>")
 * on the idempotency key that the intake had to take apart. Answers stored
 * before keep working: the prefix is copied into the column, but only where
 * it names an invitation of the answer's own survey (a key is the client's
 * to choose, so a look-alike prefix elsewhere is not an invitation).
 * Constants are spelled out here, never imported: a released migration's
 * SQL must not change with live code.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('responses').addColumn('invitation_id', 'text').execute()
  await sql`
    update responses set invitation_id = substr(client_response_id, 5)
    where substr(client_response_id, 1, 4) = 'inv_'
      and exists (
        select 1 from invitations i
        join distributions d on d.id = i.distribution_id
        where i.id = substr(responses.client_response_id, 5) and d.survey_id = responses.survey_id
      )`.execute(db)
  await db.schema
    .createIndex('responses_invitation')
    .on('responses')
    .column('invitation_id')
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('responses_invitation').execute()
  await db.schema.alterTable('responses').dropColumn('invitation_id').execute()
}
