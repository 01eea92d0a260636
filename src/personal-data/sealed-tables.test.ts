import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { bootstrapFirstAdmin, systemScopeOfFirstOrg } from '../auth/bootstrap.js'
import {
  findChannelSettings,
  saveChannelSettings,
} from '../channels/channel-settings.repository.js'
import { describeEachDialect } from '../db/test-dialects.js'
import {
  findNoticeSettings,
  insertNotice,
  insertNoticeMessages,
  messagesOfNotice,
  saveNoticeSettings,
} from '../notices/notice.repository.js'
import { insertRobotChannel, listRobotChannels } from '../notifications/robot-channel.repository.js'
import { withDataKeys } from './data-keys-binding.js'
import { parseDataKeys } from './keyring.js'
import { sealAllPersonalData } from './personal-data-sealing.service.js'
import { openSecret, sealSecret } from './sealed-secret.service.js'
import { SEALED_TABLES } from './sealed-tables.service.js'

// Guards `manyi keys reseal`: a column holding values sealed with the keyring but missing from
// SEALED_TABLES keeps its values under the old key, and they are lost when that key is dropped.
// A column counts as sealed when its name says so (…_sealed, …secret…) or its doc comment in the
// *.table.ts interface does ("sealed", "encrypted envelope").

const SRC = new URL('..', import.meta.url).pathname

/** Sealed columns re-sealed elsewhere: sign-in secrets by resealSignInSecrets. */
const RESEALED_ELSEWHERE: Record<string, string> = {
  'mfa_totp.secret': 'resealSignInSecrets',
  'sso_providers.secret': 'resealSignInSecrets',
}

/** Columns named like secrets that hold no sealed value, with the reason. */
const NOT_SEALED: Record<string, string> = {}

function tableFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return tableFiles(path)
    return entry.name.endsWith('.table.ts') ? [path] : []
  })
}

/** Table name by its interface, from the Database interface of src/db/database.ts. */
function tablesByInterface(): Map<string, string> {
  const text = readFileSync(join(SRC, 'db/database.ts'), 'utf8')
  const pairs = [...text.matchAll(/^\s+([a-z_0-9]+): ([A-Z]\w*Table)$/gm)]
  return new Map(pairs.map((m) => [m[2]!, m[1]!]))
}

/** `table.column` of every column that holds sealed values, read from the *.table.ts files. */
function sealedColumnsOfSchema(): string[] {
  const tables = tablesByInterface()
  const found: string[] = []
  for (const file of tableFiles(SRC)) {
    const text = readFileSync(file, 'utf8')
    for (const block of text.matchAll(/export interface (\w+Table) \{([\s\S]*?)\n\}/g)) {
      const table = tables.get(block[1]!)
      if (table === undefined) continue
      const members = block[2]!.matchAll(/(\/\*\*[\s\S]*?\*\/\s*)?\n\s+([a-z_0-9]+)\??:/g)
      for (const [, doc, column] of members) {
        if (isSealedColumn(column!, doc ?? '')) found.push(`${table}.${column}`)
      }
    }
  }
  return found.sort()
}

function isSealedColumn(column: string, doc: string): boolean {
  return (
    column.endsWith('_sealed') ||
    column.includes('secret') ||
    /\bsealed\b|encrypted envelope/i.test(doc.replace(/\bnot sealed\b/gi, ''))
  )
}

describe('every sealed column is re-sealed by manyi keys reseal', () => {
  it('finds the sealed columns of the schema (the check reads what it should)', () => {
    const columns = sealedColumnsOfSchema()
    expect(columns).toEqual(
      expect.arrayContaining([
        'channel_settings.chat_secret_sealed',
        'channel_settings.wechat_token_sealed',
        'feedback.customer_phone_sealed',
        'notice_messages.address_sealed',
        'notice_settings.gateway_secret',
        'robot_channels.secret',
        'robot_channels.url',
      ]),
    )
  })

  it('has each of them in SEALED_TABLES, re-sealed elsewhere, or said why not sealed', () => {
    const covered = new Set(SEALED_TABLES.flatMap((t) => t.columns.map((c) => `${t.table}.${c}`)))
    const missing = sealedColumnsOfSchema().filter(
      (c) => !covered.has(c) && !(c in RESEALED_ELSEWHERE) && !(c in NOT_SEALED),
    )
    expect(missing).toEqual([])
  })
})

const NOW = Date.parse('2026-11-20T04:00:00Z')
const KEY_A = `a:${Buffer.alloc(32, 21).toString('base64')}`
const KEY_B = `b:${Buffer.alloc(32, 22).toString('base64')}`

describeEachDialect('channel and notice secrets moved to a new key by the sealing sweep', (ctx) => {
  let orgId: string
  const keyed = (keys: string) => ({
    db: withDataKeys(ctx.store.db, parseDataKeys(keys)),
    features: ctx.store.features,
  })

  beforeAll(async () => {
    await bootstrapFirstAdmin(ctx.store.db, 'secrets@test.local', 'secrets-password-1', NOW)
    orgId = (await systemScopeOfFirstOrg(ctx.store.db, ctx.store.features, NOW))!.orgId
    const a = keyed(KEY_A).db
    await saveNoticeSettings(a, {
      orgId,
      gatewayUrl: 'https://gw.example.cn/sms',
      gatewaySecret: sealSecret(a, 'gateway-secret-1'),
      leadDays: 3,
      updatedAt: NOW,
    })
    await insertNotice(a, {
      id: 'notice-1',
      orgId,
      kind: 'planned_outage',
      title: '计划停电',
      reason: '线路检修',
      unitIds: [],
      startsAt: NOW + 86_400_000,
      endsAt: NOW + 90_000_000,
      createdBy: 'u-1',
      createdAt: NOW,
    })
    await insertNoticeMessages(a, [
      {
        id: 'nm-1',
        orgId,
        noticeId: 'notice-1',
        recipient: 'list:1',
        customerId: null,
        channel: 'sms',
        addressSealed: sealSecret(a, '13812345678'),
        addressMasked: '138****5678',
        locale: 'zh-CN',
        state: 'queued',
        attempts: 0,
        nextAt: NOW,
        claimedAt: null,
        sentAt: null,
        deliveredAt: null,
        error: null,
        createdAt: NOW,
      },
    ])
    await insertRobotChannel(a, {
      id: 'robot-1',
      orgId,
      kind: 'wecom',
      name: '值班群',
      url: sealSecret(a, 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=robot-key-1'),
      // Stored through a handle without keys (a command-line copy): plaintext, sealed by the sweep.
      secret: 'robot-secret-plain',
      kinds: '[]',
      locale: 'zh-CN',
      enabled: true,
      createdAt: NOW,
      updatedAt: NOW,
    })
    await saveChannelSettings(a, {
      orgId,
      smsProvider: 'aliyun',
      smsKeyId: sealSecret(a, 'LTAI-key-id-1'),
      smsKeySecret: sealSecret(a, 'aliyun-key-secret-1'),
      smsSignName: '国网示例',
      smsSdkAppId: null,
      smsRegion: null,
      smsEndpoint: null,
      smsNoticeTemplateId: 'SMS_1',
      smsReplyTemplateId: null,
      smsStatusTemplateId: null,
      wechatEnabled: true,
      wechatAppId: 'wx-app-1',
      wechatToken: sealSecret(a, 'wechat-token-1'),
      wechatAppSecret: sealSecret(a, 'wechat-app-secret-1'),
      wechatApiBase: null,
      wechatAesKey: sealSecret(a, 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG'),
      chatEnabled: true,
      chatSecret: sealSecret(a, 'chat-secret-1'),
      emailEnabled: true,
      imapHost: 'imap.example.com',
      imapPort: 993,
      imapTls: true,
      imapUser: 'service@example.com',
      imapPassword: sealSecret(a, 'imap-password-1'),
      imapFolder: 'INBOX',
      updatedAt: NOW,
    })
  })

  it('re-seals each once under the new key, and only that key opens them afterwards', async () => {
    const sealed = await sealAllPersonalData(keyed(`${KEY_B},${KEY_A}`))
    expect(sealed).toMatchObject({
      notice_settings: 1,
      notice_messages: 1,
      robot_channels: 1,
      channel_settings: 1,
    })
    const again = await sealAllPersonalData(keyed(`${KEY_B},${KEY_A}`))
    expect(Object.values(again).every((n) => n === 0)).toBe(true)

    const b = keyed(KEY_B).db
    const notice = (await findNoticeSettings(b, orgId))!
    expect(openSecret(b, notice.gatewaySecret!)).toBe('gateway-secret-1')
    const [message] = await messagesOfNotice(b, orgId, 'notice-1', 10)
    expect(openSecret(b, message!.addressSealed!)).toBe('13812345678')
    const [robot] = await listRobotChannels(b, orgId)
    expect(robot!.secret!.startsWith('pd1:b:')).toBe(true)
    expect(openSecret(b, robot!.url)).toBe(
      'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=robot-key-1',
    )
    expect(openSecret(b, robot!.secret!)).toBe('robot-secret-plain')
    const channels = (await findChannelSettings(b, orgId))!
    expect(
      [
        channels.smsKeyId,
        channels.smsKeySecret,
        channels.wechatToken,
        channels.wechatAppSecret,
        channels.wechatAesKey,
        channels.chatSecret,
        channels.imapPassword,
      ].map((v) => openSecret(b, v!)),
    ).toEqual([
      'LTAI-key-id-1',
      'aliyun-key-secret-1',
      'wechat-token-1',
      'wechat-app-secret-1',
      'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
      'chat-secret-1',
      'imap-password-1',
    ])
  })
})
