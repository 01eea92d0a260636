import { beforeAll, expect, it } from 'vitest'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import {
  rebuildWeightsIfChanged,
  runRollupRebuildJobs,
  surveyRollupRebuild,
} from '../responses/rollup-rebuild-job.service.js'
import { insertResponseRows } from '../responses/response-insert.js'
import { rebuildSurveyWeights } from '../responses/rollup-rebuild.repository.js'
import { buildResponseRow } from '../responses/response-row.js'
import type { Survey, SurveyInput } from '../surveys/survey.schema.js'
import { createSurvey, getSurvey, publishSurvey, updateSurvey } from '../surveys/survey.service.js'
import { createUnit } from '../units/unit.service.js'
import { unitLeague } from './league.service.js'

// Changing a survey's weight field queues a rebuild of its weighted roll-up; the background job
// runs it once and the league then ranks on the new weights (issue 16). Both stores.
// Hand-worked NPS (x = 100 / 0 / −100) of June 2026, weights w and v from the hidden fields:
//   A: nps 10 (w 2, v 1), nps 0 (w 1, v 3)
//   B: nps 9 (w 1, v 1), nps 7 (w 1, v 2), nps 3 (w 2, v 1)
// By w: A Σw 3, Σw·x 100 → 33.33, n_eff 9/5; B Σw 4, Σw·x −100 → −25, n_eff 16/6;
//       P Σw 7, Σw·x 0 → 0, n_eff 49/11.
// By v: A Σv 4, Σv·x −200 → −50, n_eff 16/10; B Σv 4, Σv·x 0 → 0, n_eff 16/6;
//       P Σv 8, Σv·x −200 → −25, n_eff 64/16 = 4.

const TZ = 'Asia/Shanghai'
const JUNE = Date.UTC(2026, 5, 3, 2, 0)
const NOW = Date.UTC(2026, 6, 2, 2, 0)

describeEachDialect(
  'a changed weight field rebuilds the weighted league in the background',
  (ctx) => {
    let orgId: string
    let survey: Survey
    const ids = new Map<string, string>()
    const scopeAt = (now: number): Scope => ({
      db: ctx.store.db,
      features: ctx.store.features,
      orgId,
      actor: { type: 'user', id: 'u-admin', role: 'admin' },
      now,
    })
    let woken = 0
    const wake = () => {
      woken++
    }

    const input = (weightField: string | undefined): SurveyInput => ({
      title: { 'zh-CN': '营业厅' },
      questions: [{ key: 'nps', type: 'nps', title: { 'zh-CN': '推荐' } }],
      settings: {
        hiddenFields: ['w', 'v'],
        signedFields: [],
        pilot: false,
        ...(weightField && { weightField }),
      },
    })

    /** Saves the survey with `weightField` as the PUT route does. */
    async function saveWeightField(weightField: string | undefined, now: number): Promise<void> {
      const scope = scopeAt(now)
      const before = await getSurvey(scope, survey.id)
      const after = await updateSurvey(scope, survey.id, input(weightField))
      await rebuildWeightsIfChanged(scope, before, after, wake)
    }

    const league = () =>
      unitLeague(scopeAt(NOW), {
        parentId: ids.get('P')!,
        metric: 'nps',
        period: '2026-06',
        minN: 1,
        surveyId: survey.id,
      })

    function expectFigures(
      l: Awaited<ReturnType<typeof league>>,
      want: Record<'A' | 'B' | 'P', [number, number]>,
    ) {
      for (const code of ['A', 'B'] as const) {
        const row = l.rows.find((r) => r.code === code)!
        expect(row.raw).toBeCloseTo(want[code][0], 10)
        expect(row.n).toBeCloseTo(want[code][1], 10)
      }
      expect(l.parentFigure!.value).toBeCloseTo(want.P[0], 10)
      expect(l.parentFigure!.n).toBeCloseTo(want.P[1], 10)
    }

    beforeAll(async () => {
      orgId = (await createOrganisation(ctx.store.db, 'Weight change', JUNE - 86_400_000, TZ)).id
      const admin = scopeAt(JUNE - 3_600_000)
      for (const [code, parent] of [
        ['P', null],
        ['A', 'P'],
        ['B', 'P'],
      ] as const) {
        const unit = await createUnit(admin, {
          code,
          nameZh: code,
          parentId: parent ? ids.get(parent)! : null,
        })
        ids.set(code, unit.id)
      }
      survey = await publishSurvey(admin, (await createSurvey(admin, input('w'))).id)
      const plan: Array<[string, number, string, string]> = [
        ['A', 10, '2', '1'],
        ['A', 0, '1', '3'],
        ['B', 9, '1', '1'],
        ['B', 7, '1', '2'],
        ['B', 3, '2', '1'],
      ]
      await insertResponseRows(
        ctx.store.db,
        plan.map(([code, nps, w, v], i) =>
          buildResponseRow({
            survey,
            orgId,
            timezone: TZ,
            answers: { nps },
            clientResponseId: `weight-change-${i}`,
            locale: 'zh-CN',
            channel: 'link',
            segments: { w, v },
            submittedAt: JUNE + i * 3_600_000,
            unitId: ids.get(code)!,
          }),
        ),
      )
    })

    it('queues one rebuild for a change, runs it once, and the league follows the new weights', async () => {
      expectFigures(await league(), { A: [100 / 3, 1.8], B: [-25, 16 / 6], P: [0, 49 / 11] })
      expect((await surveyRollupRebuild(scopeAt(NOW), survey.id)).job).toBeNull()

      // Saving without a change queues nothing; two changes before the sweep cost one job.
      await saveWeightField('w', NOW)
      expect(woken).toBe(0)
      await saveWeightField('w', NOW) // unchanged
      await saveWeightField(undefined, NOW + 1)
      await saveWeightField('v', NOW + 2)
      expect(woken).toBe(2)
      const queued = (await surveyRollupRebuild(scopeAt(NOW), survey.id)).job!
      expect(queued).toMatchObject({ status: 'queued', weightField: 'v', done: 0, total: 0 })
      const jobs = await ctx.store.db
        .selectFrom('rollup_rebuild_jobs')
        .select('id')
        .where('org_id', '=', orgId)
        .execute()
      expect(jobs).toHaveLength(1)
      // Until the job runs, the league still reads the sums kept with w.
      expectFigures(await league(), { A: [100 / 3, 1.8], B: [-25, 16 / 6], P: [0, 49 / 11] })

      // Within 2.5 s of the change (other instances may still count with the old field) it waits.
      expect(
        await runRollupRebuildJobs(ctx.store.db, ctx.store.features.name, NOW + 1_000),
      ).toEqual({ rebuilt: 0, waiting: true })
      // Two sweeps at once (two instances): the job is claimed by one of them only.
      const runs = await Promise.all([
        runRollupRebuildJobs(ctx.store.db, ctx.store.features.name, NOW + 5_000),
        runRollupRebuildJobs(ctx.store.db, ctx.store.features.name, NOW + 5_000),
      ])
      expect(runs.reduce((n, r) => n + r.rebuilt, 0)).toBe(1)
      expect(runs.every((r) => !r.waiting)).toBe(true)
      const done = (await surveyRollupRebuild(scopeAt(NOW), survey.id)).job!
      expect(done).toMatchObject({
        id: queued.id,
        status: 'done',
        weightField: 'v',
        done: 5,
        total: 5,
        errorCode: null,
        finishedAt: NOW + 5_000,
      })
      expectFigures(await league(), { A: [-50, 1.6], B: [0, 16 / 6], P: [-25, 4] })
      expect(
        (await runRollupRebuildJobs(ctx.store.db, ctx.store.features.name, NOW + 6_000)).rebuilt,
      ).toBe(0)
    })

    it('drops the weighted sums when the weight field is removed, and a stale running job is run again', async () => {
      await saveWeightField(undefined, NOW + 10_000)
      await runRollupRebuildJobs(ctx.store.db, ctx.store.features.name, NOW + 13_000)
      const left = await ctx.store.db
        .selectFrom('response_unit_monthly_weights')
        .select('unit_id')
        .where('survey_id', '=', survey.id)
        .execute()
      expect(left).toHaveLength(0)
      await expect(league()).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })

      // An instance died holding a running job: after 30 minutes it is queued and run again.
      await saveWeightField('w', NOW + 20_000)
      await ctx.store.db
        .updateTable('rollup_rebuild_jobs')
        .set({ status: 'running', started_at: NOW + 23_000 })
        .where('org_id', '=', orgId)
        .where('status', '=', 'queued')
        .execute()
      expect(
        (await runRollupRebuildJobs(ctx.store.db, ctx.store.features.name, NOW + 60_000)).rebuilt,
      ).toBe(0)
      expect(
        (await runRollupRebuildJobs(ctx.store.db, ctx.store.features.name, NOW + 34 * 60_000))
          .rebuilt,
      ).toBe(1)
      expectFigures(await league(), { A: [100 / 3, 1.8], B: [-25, 16 / 6], P: [0, 49 / 11] })
    })

    it('on PostgreSQL, an answer committed during the rebuild is never counted twice: the rebuild fails with 40001 and runs again', async () => {
      if (ctx.store.features.name !== 'postgres') return
      // The survey weighted anew (no weighted rows yet); while the rebuild reads, an answer of hall
      // A (nps 10, w 4) is stored and committed with its own weighted row. The rebuild's snapshot
      // does not hold it, and writing that row would add the rebuild's sums to it: PostgreSQL
      // refuses (REPEATABLE READ), the job goes back to the queue, and the next run counts it once.
      await saveWeightField(undefined, NOW + 40 * 60_000)
      await runRollupRebuildJobs(ctx.store.db, ctx.store.features.name, NOW + 41 * 60_000)
      await saveWeightField('w', NOW + 42 * 60_000)
      const questions = (await getSurvey(scopeAt(NOW), survey.id)).questions
      let stored = false
      const rebuild = rebuildSurveyWeights(
        ctx.store.db,
        { orgId, surveyId: survey.id, questions, weightField: 'w' },
        async () => {
          if (stored) return
          stored = true
          await insertResponseRows(ctx.store.db, [
            buildResponseRow({
              survey: await getSurvey(scopeAt(NOW), survey.id),
              orgId,
              timezone: TZ,
              answers: { nps: 10 },
              clientResponseId: 'weight-change-during',
              locale: 'zh-CN',
              channel: 'link',
              segments: { w: '4', v: '1' },
              submittedAt: JUNE + 10 * 3_600_000,
              unitId: ids.get('A')!,
            }),
          ])
        },
      )
      await expect(rebuild).rejects.toMatchObject({ code: '40001' })
      // The job: the same failure queues it again instead of failing it.
      expect(
        (await runRollupRebuildJobs(ctx.store.db, ctx.store.features.name, NOW + 43 * 60_000))
          .rebuilt,
      ).toBe(1)
      // A by w: 10 (w 2), 0 (w 1), 10 (w 4): Σw 7, Σw·x 500 → 71.43, n_eff 49/21; P Σw 11, Σw·x 400.
      expectFigures(await league(), {
        A: [500 / 7, 49 / 21],
        B: [-25, 16 / 6],
        P: [400 / 11, 121 / 27],
      })
    })
  },
)
