import { addBusinessMinutes } from '../cases/business-calendar.js'
import type { CaseConfig } from '../cases/case-config.js'
import type { CaseEventRecord } from '../cases/case-event.repository.js'
import { insertCaseEvents } from '../cases/case-event.repository.js'
import { caseEventRecord, SYSTEM_ACTOR } from '../cases/case-events.js'
import { updateCase } from '../cases/case.repository.js'
import type { CaseStatus } from '../cases/case-workflow.js'
import { insertCompensations, type CompensationRecord } from '../cases/compensation.repository.js'
import { storeFeedback } from '../feedback/feedback.service.js'
import { newId } from '../shared/ids.js'
import type { Scope } from '../db/scope.js'
import type { DemoRandom } from './demo-random.js'
import type { DemoTeam } from './demo-team.js'

const DAY_MS = 86_400_000

/** Causes weighted so the Pareto chart shows a clear "vital few". */
const CAUSES: Array<[string, number, string[]]> = [
  [
    'wait_time',
    34,
    [
      '营业厅排队太久，等了一个多小时',
      '电话一直占线，打了十几次才接通',
      '预约的时间到了还要等很久',
    ],
  ],
  [
    'staff_attitude',
    24,
    ['柜员态度很差，问两句就不耐烦', '客服说话很冲，没有解决问题', '工作人员推诿，让我来回跑'],
  ],
  ['billing', 16, ['这个月电费突然翻倍，账单有误', '重复扣费了两次，要求退款', '发票一直开不出来']],
  ['outage', 10, ['停电五个小时没有任何通知', '抢修人员迟迟不到', '报修后第二天才来人']],
  ['delivery', 7, ['快递晚了三天才到', '包裹破损，东西坏了']],
  ['process', 5, ['办理过户要跑三次，材料要求不清楚']],
  ['communication', 4, ['承诺的回电一直没有']],
]
const CHANNELS = ['hotline', 'web', 'survey', 'social'] as const
const STORES = ['华东1号店', '华东2号店', '华南1号店', '华北2号店', '西南3号店']

function pick<T>(random: DemoRandom, items: readonly T[]): T {
  return items[Math.floor(random.next() * items.length)]!
}

function weightedCause(random: DemoRandom): (typeof CAUSES)[number] {
  const total = CAUSES.reduce((s, c) => s + c[1], 0)
  let r = random.next() * total
  for (const c of CAUSES) {
    r -= c[1]
    if (r < 0) return c
  }
  return CAUSES[0]!
}

/**
 * About 120 complaint cases over the last 90 days, owned by the demo team:
 * most resolved and followed up, some compensated, a few still open and one
 * or two overdue, a few customers complaining twice — each with the timeline
 * its status implies (acknowledged, investigated, cause recorded, resolved,
 * followed up, closed), response times in working hours on the business
 * calendar. Enough for the SLA board and the complaint analytics to show
 * something real on a first run. The configuration and the team come from
 * the caller, which settles them before writing anything (demo.ts).
 */
export async function loadDemoCases(
  scope: Scope,
  random: DemoRandom,
  config: CaseConfig,
  team: DemoTeam,
  count = 120,
): Promise<number> {
  let made = 0
  // The timelines and compensation of all the cases are written at once at the end.
  const events: CaseEventRecord[] = []
  const compensations: CompensationRecord[] = []
  for (let i = 0; i < count; i++) {
    const createdAt = scope.now - Math.floor(random.next() * 90 * DAY_MS)
    const [cause, , texts] = weightedCause(random)
    const customer = `C-${1000 + Math.floor(random.next() * (count * 0.8))}`
    const channel = pick(random, CHANNELS)
    const stored = await storeFeedback(
      scope.db,
      {
        org_id: scope.orgId,
        channel,
        kind: 'complaint',
        text: pick(random, texts),
        rating: null,
        nps: channel === 'survey' ? Math.floor(random.next() * 5) : null,
        csat: null,
        customer_ref: customer,
        customer_name: null,
        customer_email: null,
        customer_phone: null,
        store: pick(random, STORES),
        department: null,
        survey_id: null,
        response_id: null,
        external_id: `demo-${i}`,
        created_by: 'system:demo',
        received_at: createdAt,
      },
      [],
      SYSTEM_ACTOR,
      createdAt,
    )
    if (!stored.caseId || !stored.created) continue
    made++
    const owner = { type: 'user' as const, id: pick(random, team.agentIds) }
    // Working minutes, as the SLA counts them: most answered within the hour and resolved within the day, some late.
    const firstResponse = addBusinessMinutes(
      createdAt,
      Math.floor(5 + random.next() ** 3 * 150),
      config.calendar,
    )
    const resolvedAt = addBusinessMinutes(
      firstResponse,
      Math.floor(30 + random.next() ** 2 * 800),
      config.calendar,
    )
    const stillOpen =
      resolvedAt > scope.now || (scope.now - createdAt < 3 * DAY_MS && random.next() < 0.7)
    const acknowledged = !stillOpen || (firstResponse <= scope.now && random.next() < 0.6)
    const followed = !stillOpen && resolvedAt + DAY_MS < scope.now && random.next() < 0.8
    const satisfied = random.next() < 0.72
    const status: CaseStatus = stillOpen
      ? acknowledged
        ? 'investigating'
        : 'new'
      : followed
        ? 'closed'
        : 'resolved'
    const followedAt = resolvedAt + DAY_MS
    await updateCase(scope.db, stored.caseId, {
      ownerId: owner.id,
      cause: stillOpen ? null : cause,
      responsibility: stillOpen ? null : random.next() < 0.8 ? 'ours' : 'third_party',
      status,
      firstRespondedAt: acknowledged ? firstResponse : null,
      resolvedAt: stillOpen ? null : resolvedAt,
      followedUpAt: followed ? followedAt : null,
      closedAt: followed ? followedAt : null,
      followUpSatisfied: followed ? (satisfied ? 1 : 0) : null,
      updatedAt: scope.now,
    })
    const event = (
      type: string,
      actor: typeof owner | typeof SYSTEM_ACTOR,
      at: number,
      detail: Record<string, unknown>,
      body?: string,
    ) =>
      events.push(
        caseEventRecord({
          orgId: scope.orgId,
          caseId: stored.caseId!,
          type,
          actor,
          now: at,
          detail,
          ...(body ? { body } : {}),
        }),
      )
    event('assigned', SYSTEM_ACTOR, createdAt, {
      from: null,
      to: owner.id,
      department: config.defaultDepartment,
    })
    if (!acknowledged) continue
    event('status', owner, firstResponse, { from: 'new', to: 'acknowledged' })
    event('status', owner, firstResponse + 10 * 60_000, {
      from: 'acknowledged',
      to: 'investigating',
    })
    if (stillOpen) continue
    event('recovery', owner, resolvedAt - 5 * 60_000, { cause })
    if (random.next() < 0.35) {
      const kind = pick(random, ['voucher', 'refund', 'points', 'apology'] as const)
      const amount = kind === 'apology' ? 0 : (1 + Math.floor(random.next() * 20)) * 1000
      const compensationId = newId(resolvedAt)
      compensations.push({
        id: compensationId,
        orgId: scope.orgId,
        caseId: stored.caseId,
        kind,
        amount,
        note: null,
        status: 'granted',
        requestedBy: owner.id,
        decidedBy: owner.id,
        decidedAt: resolvedAt,
        createdAt: resolvedAt,
      })
      event('compensation', owner, resolvedAt - 60_000, {
        compensationId,
        kind,
        amount,
        status: 'granted',
      })
    }
    event('status', owner, resolvedAt, { from: 'investigating', to: 'resolved' })
    if (!followed) continue
    event('status', SYSTEM_ACTOR, followedAt, {
      from: 'resolved',
      to: 'followed_up',
      satisfied,
    })
    event('status', SYSTEM_ACTOR, followedAt, { from: 'followed_up', to: 'closed' })
  }
  await insertCaseEvents(scope.db, events)
  await insertCompensations(scope.db, compensations)
  return made
}
