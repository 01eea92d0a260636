import type { Kysely } from 'kysely'

/**
 * The WeChat Official Account's safe mode (安全模式, issue 20): the account's EncodingAESKey,
 * sealed like the channel's other credentials. Set, the account's messages are taken encrypted
 * only; null, in plain mode as before. Names are spelled out here, never imported.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('channel_settings')
    .addColumn('wechat_aes_key_sealed', 'text')
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('channel_settings').dropColumn('wechat_aes_key_sealed').execute()
}
