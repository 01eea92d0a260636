import { recordQueueEvents } from '../commitments/queue.service.js'
import type { Scope } from '../db/scope.js'
import { DEFAULT_TIMEZONE, findOrganisation } from '../organisations/organisation.service.js'
import { insertResponseRows } from '../responses/response-insert.js'
import type { ResponseRow } from '../responses/response-writer.js'
import { localDayOf, timezoneOffsetMs } from '../shared/timezone.js'
import type { SurveyInput } from '../surveys/survey.schema.js'
import { createSurvey, listSurveys, publishSurvey } from '../surveys/survey.service.js'
import { unitByCode } from '../units/unit.service.js'
import { DemoRandom, idAt } from './demo-random.js'

/**
 * The demo's waiting (issue 20): the past seven days' queue events at the first three cities'
 * service halls (demo-units.ts), and a hall-visit survey whose answers carry the ticket of the
 * visit they rate, so the waiting page shows perceived beside actual waits.
 *
 * Each hall opens 09:00–17:00 local with three counters; tickets arrive at random (about one
 * every 3.4 minutes, one every 2.9 in the 10:00 and 15:00 hours: the queue builds up then),
 * service takes 8 minutes on average (exponential), first come first served; one in three who
 * would wait over 25 minutes leaves after 20 (a walk-out). About a third of those served answer
 * within the hour through the hall's link (`unit` and `ticket` hidden fields).
 *
 * The perceived wait (a seeded, stated rule, not data): perceived = actual · (1 + 0.6 · actual /
 * (actual + 15)) + N(0, 1.5²) minutes, at least 0 — near the truth for short waits, about a third
 * longer at 20 minutes and 45% at 45, because unoccupied, uncertain waits feel longer (Maister,
 * "The Psychology of Waiting Lines", 1985) and customers overestimated bank-queue waits (Katz,
 * Larson & Larson 1991). The answer is the minute band the perceived wait falls in. The survey
 * asks nothing else: a low score in the last days would open complaint cases (the case horizon),
 * and the demo's 3,000 cases stay as the README says. Loading again adds nothing (the survey is found by its title).
 */

const DAY_MS = 86_400_000
const MINUTE = 60_000
const HALL_CODES = ['530100', '530200', '530300'] as const
const COUNTERS = 3
const MEAN_SERVICE = 8
export const DEMO_HALL_SURVEY_TITLE = '营业厅到访评价'

const BANDS = [
  { key: 'lt5', below: 5, zh: '<5 分钟', en: 'Under 5 min' },
  { key: 'm5', below: 10, zh: '5–10 分钟', en: '5–10 min' },
  { key: 'm10', below: 20, zh: '10–20 分钟', en: '10–20 min' },
  { key: 'm20', below: 30, zh: '20–30 分钟', en: '20–30 min' },
  { key: 'gt30', below: Number.POSITIVE_INFINITY, zh: '>30 分钟', en: 'Over 30 min' },
] as const

const SURVEY: SurveyInput = {
  title: { 'zh-CN': DEMO_HALL_SURVEY_TITLE, 'en-US': 'Hall visit' },
  defaultLocale: 'zh-CN',
  questions: [
    {
      key: 'wait_band',
      type: 'single',
      title: { 'zh-CN': '您觉得这次排队等了多久？', 'en-US': 'How long did you feel you waited?' },
      required: true,
      options: BANDS.map((b) => ({ key: b.key, label: { 'zh-CN': b.zh, 'en-US': b.en } })),
    },
  ],
  settings: { hiddenFields: ['unit', 'ticket'] },
}

interface DemoEvent {
  eventId: string
  unit: string
  type: 'taken' | 'called' | 'served' | 'left' | 'opened' | 'closed'
  ticket?: string
  counter?: string
  occurredAt: string
}

export async function loadDemoHallWaits(
  scope: Scope,
): Promise<{ events: number; answers: number }> {
  if ((await listSurveys(scope)).some((s) => s.title['zh-CN'] === DEMO_HALL_SURVEY_TITLE))
    return { events: 0, answers: 0 }
  const halls: Array<{ code: string; id: string }> = []
  for (const code of HALL_CODES) {
    const id = (await unitByCode(scope, code))?.id
    if (id) halls.push({ code, id })
  }
  if (halls.length === 0) return { events: 0, answers: 0 }
  const timezone = (await findOrganisation(scope))?.timezone ?? DEFAULT_TIMEZONE
  const survey = await publishSurvey(scope, (await createSurvey(scope, SURVEY)).id)
  const random = new DemoRandom(2020)
  const offset = timezoneOffsetMs(timezone, scope.now)
  const today = Math.floor((scope.now + offset) / DAY_MS) * DAY_MS - offset
  const events: DemoEvent[] = []
  const rows: ResponseRow[] = []
  const iso = (at: number) => new Date(at).toISOString()
  for (const hall of halls) {
    for (let day = 7; day >= 1; day--) {
      const open = today - day * DAY_MS + 9 * 60 * MINUTE
      const close = open + 8 * 60 * MINUTE
      const key = `demo-q-${hall.code}-${localDayOf(open, timezone)}`
      let n = 0
      const ev = (e: Omit<DemoEvent, 'eventId' | 'unit' | 'occurredAt'>, at: number) =>
        events.push({ eventId: `${key}-${++n}`, unit: hall.code, occurredAt: iso(at), ...e })
      const free = new Array<number>(COUNTERS).fill(open)
      for (let c = 0; c < COUNTERS; c++) ev({ type: 'opened', counter: `C${c + 1}` }, open)
      let now = open
      for (let ticket = 1; ; ticket++) {
        const hour = Math.floor((now - open) / (60 * MINUTE)) + 9
        const gap = hour === 10 || hour === 15 ? 2.9 : 3.4
        now += -Math.log(1 - random.next()) * gap * MINUTE
        if (now >= close - 30 * MINUTE) break
        const label = `A${String(ticket).padStart(3, '0')}`
        let counter = 0
        for (let k = 1; k < COUNTERS; k++) if (free[k]! < free[counter]!) counter = k
        const start = Math.max(now, free[counter]!)
        ev({ type: 'taken', ticket: label }, now)
        if (start - now > 25 * MINUTE && random.chance(1 / 3)) {
          ev({ type: 'left', ticket: label }, now + 20 * MINUTE)
          continue
        }
        const service = -Math.log(1 - random.next()) * MEAN_SERVICE * MINUTE
        free[counter] = start + service
        ev({ type: 'called', ticket: label, counter: `C${counter + 1}` }, start)
        ev({ type: 'served', ticket: label, counter: `C${counter + 1}` }, start + service)
        const at = Math.floor(start + service + (5 + random.next() * 55) * MINUTE)
        if (!random.chance(0.35) || at >= scope.now) continue
        const actual = (start - now) / MINUTE
        const perceived = Math.max(
          0,
          actual * (1 + (0.6 * actual) / (actual + 15)) + 1.5 * random.normal(),
        )
        const band = BANDS.find((b) => perceived < b.below)!
        const id = idAt(at)
        rows.push({
          id,
          org_id: scope.orgId,
          survey_id: survey.id,
          survey_version: survey.version,
          client_response_id: id,
          answers: JSON.stringify({ wait_band: band.key }),
          nps: null,
          csat: null,
          ces: null,
          comment: null,
          locale: 'zh-CN',
          channel: 'qr',
          segments: JSON.stringify({ unit: hall.code, ticket: label }),
          submitted_at: at,
          local_day: localDayOf(at, timezone),
          unit_id: hall.id,
        })
      }
      for (let c = 0; c < COUNTERS; c++)
        ev({ type: 'closed', counter: `C${c + 1}` }, Math.max(close, ...free))
    }
  }
  for (let i = 0; i < events.length; i += 5000)
    await recordQueueEvents(scope, { events: events.slice(i, i + 5000) })
  rows.sort((a, b) => a.submitted_at - b.submitted_at)
  for (let i = 0; i < rows.length; i += 500)
    await insertResponseRows(scope.db, rows.slice(i, i + 500))
  return { events: events.length, answers: rows.length }
}
