import { expect, it } from 'vitest'
import { describeEachDialect } from '../../db/test-dialects.js'
import { createTestApp } from '../test-app.js'

const DAY_MS = 86_400_000

/**
 * The server's case horizon (MANYI_CASE_HORIZON_DAYS) reaches feedback sent through the API and
 * hotline imports: with 30 days, a complaint received 20 days ago still opens its case, while the
 * default 7 days (src/feedback/intake-horizon.test.ts) would keep it as history.
 */
describeEachDialect('feedback routes follow the server’s case horizon', (ctx) => {
  it('opens cases for a 20-day-old e-mail and hotline record with MANYI_CASE_HORIZON_DAYS=30, not for a 40-day-old one', async () => {
    const t = await createTestApp(ctx.store, { caseHorizonDays: 30 })
    try {
      const receivedAt = (days: number) => new Date(t.clock.now - days * DAY_MS).toISOString()
      const send = async (externalId: string, days: number) =>
        (
          await t.app.inject({
            method: 'POST',
            url: '/api/v1/feedback',
            headers: { cookie: t.adminCookie },
            payload: {
              channel: 'email',
              text: '投诉：停电没有通知',
              externalId,
              receivedAt: receivedAt(days),
            },
          })
        ).json() as { caseId: string | null }
      expect((await send('mail-20', 20)).caseId).toEqual(expect.any(String))
      expect((await send('mail-40', 40)).caseId).toBeNull()

      const csv = `来电号码,内容,来电时间\n13800000000,投诉：抄表员态度差,${receivedAt(20)}\n`
      const imported = await t.app.inject({
        method: 'POST',
        url: '/api/v1/feedback/import',
        headers: { cookie: t.adminCookie },
        payload: {
          channel: 'hotline',
          file: { name: 'hotline.csv', contentBase64: Buffer.from(csv).toString('base64') },
        },
      })
      expect(imported.statusCode).toBe(200)
      expect(imported.json()).toMatchObject({ rows: 1, imported: 1, cases: 1 })
    } finally {
      await t.app.close()
    }
  })
})
