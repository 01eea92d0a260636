import { SYSTEM_ACTOR } from '../../cases/case-events.js'
import { storeFeedback } from '../../feedback/feedback.service.js'
import { newId } from '../../shared/ids.js'
import type { Scope } from '../scope.js'
import type { DemoRandom } from './demo-random.js'

const DAY_MS = 86_400_000
const HOUR_MS = 3_600_000

/** Causes weighted so the Pareto chart shows a clear "vital few". */
const CAUSES: Array<[string, number, string[]]> = [
  ['wait_time', 34, ['营业厅排队太久，等了一个多小时', '电话一直占线，打了十几次才接通', '预约的时间到了还要等很久']],
  ['staff_attitude', 24, ['柜员态度很差，问两句就不耐烦', '客服说话很冲，没有解决问题', '工作人员推诿，让我来回跑']],
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
  for (const c of CAUSES) if ((r -= c[1]) < 0) return c
  return CAUSES[0]!
}

/**
 * About 120 complaint cases over the last 90 days: most resolved and followed
 * up, some compensated, a few still open and one or two overdue, a few
 * customers complaining twice — enough for the SLA board and the complaint
 * analytics to show something real on a first run.
 */
export async function loadDemoCases(scope: Scope, random: DemoRandom, count = 120): Promise<number> {
  let made = 0
  for (let i = 0; i < count; i++) {
    const createdAt = scope.now - Math.floor(random.next() * 90 * DAY_MS)
    const [cause, , texts] = weightedCause(random)
    const customer = `C-${1000 + Math.floor(random.next() * (count * 0.8))}`
    const channel = pick(random, CHANNELS)
    const stored = await storeFeedback(
      scope.db,
      {
        org_id: scope.orgId, channel, kind: 'complaint', text: pick(random, texts), rating: null, nps: channel === 'survey' ? Math.floor(random.next() * 5) : null, csat: null,
        customer_ref: customer, customer_name: null, customer_email: null, customer_phone: null, store: pick(random, STORES), department: null,
        survey_id: null, response_id: null, external_id: `demo-${i}`, created_by: 'system:demo', received_at: createdAt,
      },
      [],
      SYSTEM_ACTOR,
      createdAt,
    )
    if (!stored.caseId || !stored.created) continue
    made++
    const age = scope.now - createdAt
    const firstResponse = createdAt + Math.floor((0.2 + random.next() * 3) * HOUR_MS)
    const resolvedAt = firstResponse + Math.floor((1 + random.next() * 40) * HOUR_MS)
    const stillOpen = age < 3 * DAY_MS && random.next() < 0.7
    const followed = !stillOpen && resolvedAt < scope.now && random.next() < 0.8
    const satisfied = random.next() < 0.72
    await scope.db
      .updateTable('cases')
      .set({
        cause,
        responsibility: random.next() < 0.8 ? 'ours' : 'third_party',
        status: stillOpen ? (random.next() < 0.5 ? 'new' : 'investigating') : followed ? 'closed' : 'resolved',
        first_responded_at: stillOpen && random.next() < 0.5 ? null : Math.min(firstResponse, scope.now),
        resolved_at: stillOpen ? null : Math.min(resolvedAt, scope.now),
        followed_up_at: followed ? Math.min(resolvedAt + DAY_MS, scope.now) : null,
        closed_at: followed ? Math.min(resolvedAt + DAY_MS, scope.now) : null,
        follow_up_satisfied: followed ? (satisfied ? 1 : 0) : null,
        updated_at: scope.now,
      })
      .where('id', '=', stored.caseId)
      .execute()
    if (!stillOpen && random.next() < 0.35) {
      const kind = pick(random, ['voucher', 'refund', 'points', 'apology'] as const)
      const amount = kind === 'apology' ? 0 : (1 + Math.floor(random.next() * 20)) * 1000
      await scope.db.insertInto('compensations').values({ id: newId(createdAt), org_id: scope.orgId, case_id: stored.caseId, kind, amount, note: null, status: 'granted', requested_by: 'demo', decided_by: 'demo', decided_at: resolvedAt, created_at: resolvedAt }).execute()
    }
  }
  return made
}
