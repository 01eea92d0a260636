import { Migrator } from 'kysely'
import { expect, it } from 'vitest'
import { bootstrapFirstAdmin, systemScopeOfFirstOrg } from '../../auth/bootstrap.js'
import { enqueuePersonalInvitation } from '../../distribution/personal-invitation.service.js'
import { insertResponseRows } from '../../responses/response-insert.js'
import { buildResponseRow } from '../../responses/response-row.js'
import { createSurvey, publishSurvey } from '../../surveys/survey.service.js'
import { MIGRATIONS, migrateToLatest } from '../migrate.js'
import { describeEachDialect } from '../test-dialects.js'
import { retryBesideOtherTests } from '../test-store.js'

const NOW = Date.parse('2026-06-15T04:00:00Z')

describeEachDialect(
  'migration 0013: answers stored with an "inv_" key get their invitation column',
  (ctx) => {
    it('copies the invitation id where the key names an invitation of the same survey, nowhere else', async () => {
      const db = ctx.store.db
      await bootstrapFirstAdmin(db, 'm13@test.local', 'm13-password-123', NOW)
      const scope = (await systemScopeOfFirstOrg(db, ctx.store.features, NOW))!
      const survey = async (title: string) =>
        publishSurvey(
          scope,
          (
            await createSurvey(scope, {
              title: { 'zh-CN': title },
              questions: [{ key: 'nps', type: 'nps', title: { 'zh-CN': '推荐' }, required: true }],
            })
          ).id,
        )
      const followUp = await survey('回访')
      const other = await survey('别的')
      const { invitationId } = await enqueuePersonalInvitation(scope, {
        surveyId: followUp.id,
        channel: 'email',
        distributionName: '投诉回访',
        listName: '投诉回访',
        settings: { locale: 'zh-CN', reminders: { afterHours: 48, max: 1 } },
        contact: { email: 'chen@example.com', phone: null, name: '陈', attributes: {} },
      })
      const answer = (s: typeof followUp, key: string) =>
        buildResponseRow({
          survey: s,
          orgId: scope.orgId,
          timezone: 'Asia/Shanghai',
          answers: { nps: 8 },
          clientResponseId: key,
          locale: 'zh-CN',
          channel: 'email',
          segments: {},
          submittedAt: NOW,
        })
      // As the answer path stored them before 0013: the invitation only in the key.
      const invited = answer(followUp, `inv_${invitationId}`)
      const lookAlike = answer(other, `inv_${invitationId}`)
      const unknown = answer(followUp, 'inv_00000000-0000-0000-0000-000000000000')
      const plain = answer(followUp, 'plain-key-123')
      await insertResponseRows(db, [invited, lookAlike, unknown, plain])

      const migrator = new Migrator({
        db,
        ...(ctx.store.pgSchema ? { migrationTableSchema: ctx.store.pgSchema } : {}),
        provider: { getMigrations: async () => MIGRATIONS },
        migrationTableName: 'manyi_migrations',
        migrationLockTableName: 'manyi_migrations_lock',
      })
      const down = await retryBesideOtherTests(ctx.store.pgSchema, () =>
        migrator.migrateTo('0012-user-email-per-org'),
      )
      expect(down.error).toBeUndefined()
      // 0013 and whatever came after it run again.
      expect((await migrateToLatest(ctx.store)).applied[0]).toBe('0013-response-invitation')

      const rows = await db.selectFrom('responses').select(['id', 'invitation_id']).execute()
      const invitationOf = new Map(rows.map((r) => [r.id, r.invitation_id]))
      expect(invitationOf.get(invited.id)).toBe(invitationId)
      expect(invitationOf.get(lookAlike.id)).toBeNull()
      expect(invitationOf.get(unknown.id)).toBeNull()
      expect(invitationOf.get(plain.id)).toBeNull()
    })
  },
)
