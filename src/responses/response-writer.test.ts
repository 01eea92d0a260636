import { beforeAll, expect, it } from 'vitest'
import { bootstrapFirstAdmin, systemScopeOfFirstOrg } from '../auth/bootstrap.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createSurvey, publishSurvey } from '../surveys/survey.service.js'
import type { Survey } from '../surveys/survey.schema.js'
import { buildResponseRow } from './response-row.js'
import {
  isRowDataError,
  ResponseWriter,
  type ResponseRow,
  type StoredResponse,
} from './response-writer.js'

const NOW = Date.parse('2026-06-15T04:00:00Z')

/**
 * The group commit writes many people's answers in one transaction. A row the
 * database refuses (here one that got past validation: a NOT NULL column left
 * empty, and on PostgreSQL a U+0000 in text) must fail only its own request.
 */
describeEachDialect('group commit isolates a refused row', (ctx) => {
  let scope: Scope
  let survey: Survey

  beforeAll(async () => {
    await bootstrapFirstAdmin(ctx.store.db, 'admin@writer.test', 'writer-password-1', NOW)
    scope = (await systemScopeOfFirstOrg(ctx.store.db, ctx.store.features, NOW))!
    const created = await createSurvey(scope, {
      title: { 'zh-CN': '写入测试', 'en-US': 'Writer test' },
      questions: [
        {
          key: 'nps',
          type: 'nps',
          title: { 'zh-CN': '推荐可能性', 'en-US': 'Recommend?' },
          required: true,
        },
        { key: 'comment', type: 'text', title: { 'zh-CN': '意见', 'en-US': 'Comments' } },
      ],
    })
    survey = await publishSurvey(scope, created.id)
  })

  const row = (key: string, nps: number, comment?: string): ResponseRow =>
    buildResponseRow({
      survey,
      orgId: scope.orgId,
      timezone: 'Asia/Shanghai',
      answers: { nps, ...(comment === undefined ? {} : { comment }) },
      clientResponseId: key,
      locale: 'zh-CN',
      channel: 'link',
      segments: {},
      submittedAt: NOW,
    })

  async function storedKeys(prefix: string): Promise<string[]> {
    const rows = await ctx.store.db
      .selectFrom('responses')
      .select('client_response_id')
      .where('survey_id', '=', survey.id)
      .where('client_response_id', 'like', `${prefix}%`)
      .execute()
    return rows.map((r) => r.client_response_id).sort()
  }

  /** Queue every row in the same turn of the event loop, so they share one batch. */
  function writeTogether(writer: ResponseWriter, rows: ResponseRow[]) {
    return Promise.allSettled(rows.map((r) => writer.write(r)))
  }

  /** The survey's answers in its daily counts (other tests of this file add theirs). */
  async function countedAnswers(): Promise<number> {
    const counts = await ctx.store.db
      .selectFrom('response_daily_counts')
      .select((eb) => eb.fn.sum<number>('responses').as('n'))
      .where('survey_id', '=', survey.id)
      .executeTakeFirstOrThrow()
    return Number(counts.n ?? 0)
  }

  it('stores and answers every good row of a batch in which one row violates a constraint', async () => {
    const countedBefore = await countedAnswers()
    const writer = new ResponseWriter(ctx.store)
    const rows = Array.from({ length: 40 }, (_, i) =>
      row(`notnull-${String(i).padStart(2, '0')}`, i % 11, `意见 ${i}`),
    )
    // Past every check, refused by the database: locale is NOT NULL.
    rows[17] = { ...rows[17]!, locale: null as unknown as string }
    const results = await writeTogether(writer, rows)

    const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [i] : []))
    expect(failed).toEqual([17])
    expect(isRowDataError((results[17] as PromiseRejectedResult).reason)).toBe(true)
    for (const [i, r] of results.entries()) {
      if (i === 17) continue
      expect((r as PromiseFulfilledResult<StoredResponse>).value).toEqual({
        id: rows[i]!.id,
        submittedAt: NOW,
        created: true,
      })
    }
    const expected = rows
      .filter((_, i) => i !== 17)
      .map((r) => r.client_response_id)
      .sort()
    expect(await storedKeys('notnull-')).toEqual(expected)
    // The daily counts were written with the rows that were stored, not with the refused one.
    expect((await countedAnswers()) - countedBefore).toBe(39)
  })

  it('isolates several refused rows and still answers repeated keys with the first answer', async () => {
    const writer = new ResponseWriter(ctx.store)
    const first = await writer.write(row('several-repeat', 5))
    const rows = Array.from({ length: 30 }, (_, i) =>
      row(`several-${String(i).padStart(2, '0')}`, i % 11),
    )
    for (const bad of [0, 13, 29]) rows[bad] = { ...rows[bad]!, channel: null as unknown as string }
    rows.push(row('several-repeat', 9))
    const results = await writeTogether(writer, rows)

    expect(results.flatMap((r, i) => (r.status === 'rejected' ? [i] : []))).toEqual([0, 13, 29])
    expect((results[30] as PromiseFulfilledResult<StoredResponse>).value).toEqual({
      ...first,
      created: false,
    })
    const good = rows
      .slice(0, 30)
      .filter((_, i) => ![0, 13, 29].includes(i))
      .map((r) => r.client_response_id)
    expect(await storedKeys('several-')).toEqual([...good, 'several-repeat'].sort())
  })

  it('fails every request of a batch when the store fails for all of them', async () => {
    // Not a row's fault: bisecting would only retry against a failing store.
    const broken = brokenDb()
    const writer = new ResponseWriter({
      ...ctx.store,
      sqliteHandle: undefined,
      db: broken,
    } as unknown as typeof ctx.store)
    const results = await writeTogether(writer, [
      row('down-1', 1),
      row('down-2', 2),
      row('down-3', 3),
    ])
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected'])
    expect(broken.attempts).toBe(1)
  })

  it.runIf(ctx.dialect === 'postgres')(
    'stores the neighbours of an answer with U+0000 that reached the writer (PostgreSQL refuses it)',
    async () => {
      const writer = new ResponseWriter(ctx.store)
      const rows = Array.from({ length: 50 }, (_, i) =>
        row(`nul-${String(i).padStart(2, '0')}`, i % 11, `good ${i}`),
      )
      rows[31] = row('nul-31', 3, 'x\u0000')
      const results = await writeTogether(writer, rows)

      expect(results.flatMap((r, i) => (r.status === 'rejected' ? [i] : []))).toEqual([31])
      expect(String((results[31] as PromiseRejectedResult).reason)).toMatch(/0x00/)
      expect(await storedKeys('nul-')).toEqual(
        rows
          .filter((_, i) => i !== 31)
          .map((r) => r.client_response_id)
          .sort(),
      )
    },
  )
})

/** A Kysely stand-in whose every transaction fails as an unreachable server would. */
function brokenDb() {
  const db = {
    attempts: 0,
    transaction: () => ({
      execute: async () => {
        db.attempts++
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
          code: 'ECONNREFUSED',
        })
      },
    }),
  }
  return db
}
