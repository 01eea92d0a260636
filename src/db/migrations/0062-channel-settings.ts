import type { Kysely } from 'kysely'

/**
 * Per-organisation channel settings (issue 20): which SMS gateway notices go through (the
 * company webhook of notice_settings, Alibaba Cloud or Tencent Cloud) with its credentials
 * sealed, the WeChat Official Account's token, AppID and AppSecret (token and secret sealed),
 * and the inbound chat webhook's signing secret (sealed). channel_inbound_seen: the signed
 * requests of the two inbound channels already taken, so a replay inside the signature's
 * five-minute window is refused; rows older than the window are deleted as new ones come.
 * Names are spelled out here, never imported.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('channel_settings')
    .addColumn('org_id', 'text', (c) => c.primaryKey())
    .addColumn('sms_provider', 'text', (c) => c.notNull())
    .addColumn('sms_key_id_sealed', 'text')
    .addColumn('sms_key_secret_sealed', 'text')
    .addColumn('sms_sign_name', 'text')
    .addColumn('sms_sdk_app_id', 'text')
    .addColumn('sms_region', 'text')
    .addColumn('sms_endpoint', 'text')
    .addColumn('sms_notice_template_id', 'text')
    .addColumn('wechat_enabled', 'integer', (c) => c.notNull())
    .addColumn('wechat_app_id', 'text')
    .addColumn('wechat_token_sealed', 'text')
    .addColumn('wechat_app_secret_sealed', 'text')
    .addColumn('chat_enabled', 'integer', (c) => c.notNull())
    .addColumn('chat_secret_sealed', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('channel_inbound_seen')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('request_key', 'text', (c) => c.notNull())
    .addColumn('seen_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('channel_inbound_seen_pk', ['org_id', 'channel', 'request_key'])
    .execute()
  await db.schema
    .createIndex('channel_inbound_seen_at')
    .on('channel_inbound_seen')
    .column('seen_at')
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('channel_inbound_seen').execute()
  await db.schema.dropTable('channel_settings').execute()
}
