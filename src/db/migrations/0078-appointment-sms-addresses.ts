import type { Kysely } from 'kysely'

/**
 * Appointment SMS through the cloud gateways and home-visit addresses (issue 20):
 * - appointment_sms_settings: per organisation, the cloud SMS templates (Alibaba Cloud
 *   TemplateCode / Tencent Cloud TemplateId) of the appointment confirmation and reminder; the
 *   gateway itself is the channel settings' cloud;
 * - appointment_messages.provider_message_id (indexed with its organisation) and delivered_at:
 *   the cloud's id of the SMS (BizId / SerialNo) by which a delivery receipt finds it, and when
 *   the receipt said it arrived;
 * - appointment_bookings.address_sealed: the visit address of a home-visit booking, sealed like
 *   the phone.
 * Names are spelled out here, never imported.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('appointment_sms_settings')
    .addColumn('org_id', 'text', (c) => c.primaryKey())
    .addColumn('confirmation_template_id', 'text')
    .addColumn('reminder_template_id', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .alterTable('appointment_messages')
    .addColumn('provider_message_id', 'text')
    .execute()
  await db.schema.alterTable('appointment_messages').addColumn('delivered_at', 'bigint').execute()
  await db.schema
    .createIndex('appointment_messages_provider_idx')
    .on('appointment_messages')
    .columns(['org_id', 'provider_message_id'])
    .execute()
  await db.schema.alterTable('appointment_bookings').addColumn('address_sealed', 'text').execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('appointment_bookings').dropColumn('address_sealed').execute()
  await db.schema.dropIndex('appointment_messages_provider_idx').execute()
  await db.schema.alterTable('appointment_messages').dropColumn('delivered_at').execute()
  await db.schema.alterTable('appointment_messages').dropColumn('provider_message_id').execute()
  await db.schema.dropTable('appointment_sms_settings').execute()
}
