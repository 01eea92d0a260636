import type { Kysely } from 'kysely'

/**
 * SMS delivery receipts from the clouds and the case status template (issue 20):
 * - channel_settings.sms_status_template_id: case status messages get their own approved
 *   template (they had borrowed the reply template);
 * - channel_settings.sms_receipt_token_sealed: the per-organisation token in the path of the
 *   receipt callback URLs given to Alibaba Cloud (SmsReport) and Tencent Cloud (status
 *   callback), sealed like the channel's other credentials;
 * - notice_messages.provider_message_id and case_events.provider_message_id: the cloud's id of
 *   the SMS sent (Alibaba Cloud BizId, Tencent Cloud SerialNo, the receipts' biz_id / sid), each
 *   indexed with its organisation, by which a receipt finds its message.
 * Names are spelled out here, never imported.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('channel_settings')
    .addColumn('sms_status_template_id', 'text')
    .execute()
  await db.schema
    .alterTable('channel_settings')
    .addColumn('sms_receipt_token_sealed', 'text')
    .execute()
  await db.schema.alterTable('notice_messages').addColumn('provider_message_id', 'text').execute()
  await db.schema
    .createIndex('notice_messages_provider_idx')
    .on('notice_messages')
    .columns(['org_id', 'provider_message_id'])
    .execute()
  await db.schema.alterTable('case_events').addColumn('provider_message_id', 'text').execute()
  await db.schema
    .createIndex('case_events_provider_idx')
    .on('case_events')
    .columns(['org_id', 'provider_message_id'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('case_events_provider_idx').execute()
  await db.schema.alterTable('case_events').dropColumn('provider_message_id').execute()
  await db.schema.dropIndex('notice_messages_provider_idx').execute()
  await db.schema.alterTable('notice_messages').dropColumn('provider_message_id').execute()
  await db.schema.alterTable('channel_settings').dropColumn('sms_receipt_token_sealed').execute()
  await db.schema.alterTable('channel_settings').dropColumn('sms_status_template_id').execute()
}
