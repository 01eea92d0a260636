import { hallPromiseFigures } from '../commitments/wait-promise.service.js'
import { DEFAULT_MIN_VISITS, type HallPromise } from '../commitments/wait-promise.schema.js'
import { startOfLocalDay } from '../shared/timezone.js'
import { descendantsOf } from '../targets/unit-figure.service.js'
import { closeEpisodes, countClosedEpisodesOfDay, openEpisodes } from './alert.repository.js'
import type { AlertEvidence, AlertParams } from './alert.schema.js'
import type { AlertRuleRow } from './alert.repository.js'

/**
 * The wait_promise alert kind: each hall at or below the rule's unit judged against its waiting
 * promise (commitments/wait-promise.service.ts) — the share of visits over the promised wait in
 * the window, and/or the live estimate now. It raises once per breach episode: a breach opens an
 * episode (the alert's period `YYYY-MM-DD#k`, so of two instances judging at once one raises it),
 * the episode lasts while the hall stays in breach or too few visits are judged, and ends when the
 * figures recover or the organisation's day ends; the next breach is a new episode and a new alert
 * (still subject to the rule's cooldown and daily cap).
 */

const HOUR_MS = 3_600_000

export interface WaitFinding {
  unitId: string
  subject: 'share' | 'live'
  period: string
  evidence: AlertEvidence
}

export interface WaitContext {
  scope: Parameters<typeof hallPromiseFigures>[0]
  timeZone: string
  /** The organisation's day (days since 1970) and as YYYY-MM-DD. */
  today: number
  day: string
  units: Parameters<typeof descendantsOf>[0]
}

type State = 'breached' | 'kept' | 'unknown'

/** The period of a new episode, or null (none begins); closes episodes that ended. */
async function episodeStart(
  ctx: WaitContext,
  key: { ruleId: string; unitKey: string; subject: string },
  state: State,
): Promise<string | null> {
  const { db, orgId, now } = ctx.scope
  const open = await openEpisodes(db, orgId, key)
  const today = open.filter((e) => e.period.startsWith(`${ctx.day}#`))
  const ended = [
    ...open.filter((e) => !e.period.startsWith(`${ctx.day}#`)),
    ...(state === 'kept' ? today : []),
  ]
  await closeEpisodes(
    db,
    orgId,
    ended.map((e) => e.id),
    now,
  )
  if (state !== 'breached' || today.length > 0) return null
  return `${ctx.day}#${(await countClosedEpisodesOfDay(db, orgId, key, ctx.day)) + 1}`
}

function baseEvidence(hall: HallPromise, ctx: WaitContext): AlertEvidence {
  return {
    kind: 'wait_promise',
    unitId: hall.unitId,
    unitName: hall.unitName,
    unitNameEn: hall.unitNameEn,
    period: ctx.day,
    promiseMinutes: hall.promise.minutes,
    withinPercent: hall.promise.withinPercent,
    link: '/app/commitments',
  }
}

export async function waitPromiseFindings(
  rule: AlertRuleRow,
  params: AlertParams,
  ctx: WaitContext,
): Promise<WaitFinding[]> {
  const check = params.waitCheck ?? 'both'
  const window = params.window ?? 'day'
  const from = window === 'day' ? startOfLocalDay(ctx.today, ctx.timeZone) : ctx.scope.now - HOUR_MS
  const unitIds =
    rule.unitId === null ? null : (descendantsOf(ctx.units, [rule.unitId]).get(rule.unitId) ?? [])
  const halls = await hallPromiseFigures(ctx.scope, {
    unitIds,
    from,
    minVisits: params.minVisits ?? DEFAULT_MIN_VISITS,
  })
  const out: WaitFinding[] = []
  for (const hall of halls) {
    if (check !== 'live') {
      const { today } = hall
      const state: State = today.tooFew ? 'unknown' : today.breached ? 'breached' : 'kept'
      const period = await episodeStart(
        ctx,
        { ruleId: rule.id, unitKey: hall.unitId, subject: 'share' },
        state,
      )
      if (period)
        out.push({
          unitId: hall.unitId,
          subject: 'share',
          period,
          evidence: {
            ...baseEvidence(hall, ctx),
            waitCheck: 'share',
            window,
            n: today.n,
            over: today.over,
            value: 100 * (today.overShare ?? 0),
            baseline: 100 * today.allowedShare,
          },
        })
    }
    if (check !== 'share') {
      const state: State = hall.live.breached ? 'breached' : 'kept'
      const period = await episodeStart(
        ctx,
        { ruleId: rule.id, unitKey: hall.unitId, subject: 'live' },
        state,
      )
      if (period && hall.live.estimatedMinutes !== null)
        out.push({
          unitId: hall.unitId,
          subject: 'live',
          period,
          evidence: {
            ...baseEvidence(hall, ctx),
            waitCheck: 'live',
            value: hall.live.estimatedMinutes,
            baseline: hall.promise.minutes,
          },
        })
    }
  }
  return out
}
