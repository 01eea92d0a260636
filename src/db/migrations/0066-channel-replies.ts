import type { Kysely } from 'kysely'

/**
 * Case replies by the channel the case came from (issue 20): the SMS template replies are sent
 * with (carriers pass only approved templates, so a reply's SMS tells the case number and status
 * key, the reply itself is read on the public lookup page), and the address of the WeChat API
 * replies go through (null: api.weixin.qq.com; a company gateway or proxy otherwise).
 * Names are spelled out here, never imported.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('channel_settings')
    .addColumn('sms_reply_template_id', 'text')
    .execute()
  await db.schema.alterTable('channel_settings').addColumn('wechat_api_base', 'text').execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('channel_settings').dropColumn('wechat_api_base').execute()
  await db.schema.alterTable('channel_settings').dropColumn('sms_reply_template_id').execute()
}
