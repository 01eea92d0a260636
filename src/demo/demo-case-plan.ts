import { addBusinessMinutes } from '../cases/business-calendar.js'
import type { CaseConfig, Priority } from '../cases/case-config.js'
import type { CaseStatus } from '../cases/case-workflow.js'
import type { DemoRandom } from './demo-random.js'
import type { DemoTeam } from './demo-team.js'

// What happened to each demo case, decided before anything is written (demo-cases.ts writes it):
// when it came in, who was given it, when they answered and resolved it, whether the customer
// was compensated and called back. Times are working minutes on the business calendar, as the
// SLA counts them.

const DAY_MS = 86_400_000
const MINUTE_MS = 60_000

/** Causes weighted so the Pareto chart shows a clear "vital few"; the customer's words for each. */
const CAUSES: Array<[string, number, string[]]> = [
  [
    'wait_time',
    34,
    [
      '营业厅排队太久，等了一个多小时',
      '电话一直占线，打了十几次才接通',
      '预约的时间到了还要等很久',
      '窗口只开了一个，排队的人都排到门外了',
      '在线客服排队显示前面还有 80 人',
    ],
  ],
  [
    'staff_attitude',
    24,
    [
      '柜员态度很差，问两句就不耐烦',
      '客服说话很冲，没有解决问题',
      '工作人员推诿，让我来回跑',
      '上门的师傅抽烟，说话也不客气',
    ],
  ],
  [
    'billing',
    16,
    [
      '这个月电费突然翻倍，账单有误',
      '重复扣费了两次，要求退款',
      '发票一直开不出来',
      '阶梯电价算错了，多收了两百多元',
    ],
  ],
  [
    'outage',
    10,
    ['停电五个小时没有任何通知', '抢修人员迟迟不到', '报修后第二天才来人', '一周内停了三次电'],
  ],
  ['delivery', 7, ['快递晚了三天才到', '包裹破损，东西坏了', '说好上午送货，下午五点才到']],
  ['process', 5, ['办理过户要跑三次，材料要求不清楚', '线上申请提交后一周没人审核']],
  ['communication', 4, ['承诺的回电一直没有', '短信通知的时间和实际停电时间对不上']],
]
const CHANNELS = ['hotline', 'hotline', 'web', 'survey', 'social'] as const
const STORES = ['华东1号店', '华东2号店', '华南1号店', '华北2号店', '西南3号店', '华南3号店']
/** Agents' shares of the work: some carry more than others, as in any team. */
const AGENT_SHARES = [0.32, 0.27, 0.23, 0.18]
const FOLLOW_UP_NOTES = {
  satisfied: ['客户表示满意，感谢回访', '问题已解决，客户认可处理结果', '客户接受补偿方案'],
  unsatisfied: ['客户仍不满意，认为处理太慢', '客户对补偿金额有异议', '客户表示会继续关注'],
}

export interface PlannedCase {
  createdAt: number
  text: string
  cause: string
  priority: Priority
  channel: string
  store: string
  customerRef: string
  nps: number | null
  status: CaseStatus
  /** Null: still in the department's queue, nobody has taken it. */
  ownerId: string | null
  assignedAt: number | null
  acknowledgedAt: number | null
  investigatingAt: number | null
  resolvedAt: number | null
  responsibility: 'ours' | 'third_party' | null
  compensation: { kind: 'voucher' | 'refund' | 'points' | 'apology'; amount: number } | null
  followUp: { at: number; satisfied: boolean; note: string } | null
  closedAt: number | null
  firstResponseDue: number
  resolutionDue: number
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

function weightedAgent(random: DemoRandom, agentIds: readonly string[]): string {
  let r = random.next()
  for (const [i, id] of agentIds.entries()) {
    r -= AGENT_SHARES[i % AGENT_SHARES.length]! / (agentIds.length > 4 ? agentIds.length / 4 : 1)
    if (r < 0) return id
  }
  return agentIds[agentIds.length - 1]!
}

function priorityOf(random: DemoRandom, cause: string): Priority {
  const r = random.next()
  if (cause === 'outage' && r < 0.3) return 'urgent'
  return r < 0.22 ? 'high' : r < 0.9 ? 'normal' : 'low'
}

/**
 * When complaints come in over the year: a few more early on (service improves, as the survey
 * answers show), twice as many during the delivery incident of days 200–230, fewer at night (UTC+8).
 */
function arrivalTime(random: DemoRandom, start: number, fromDay: number, toDay: number): number {
  for (;;) {
    const day = fromDay + random.next() * (toDay - fromDay)
    const weight = 1.1 - (0.2 * day) / 365 + (day >= 200 && day < 230 ? 1.2 : 0)
    if (random.next() * 2.3 > weight) continue
    const at = Math.floor(start + day * DAY_MS)
    const localHour = new Date(at + 8 * 3_600_000).getUTCHours()
    if ((localHour < 8 || localHour >= 22) && random.chance(0.8)) continue
    return at
  }
}

/** The last month always has its full share of cases, however small the demo: the open queue is made of them. */
export const RECENT_DAYS = 30
export const RECENT_CASES = 200

/**
 * `history` cases over the eleven months before the last RECENT_DAYS, then RECENT_CASES in those
 * days (the same rate for the full demo), oldest first. Most are resolved within their
 * SLA, called back and closed; some late; one in five takes weeks. Those opened in the last days
 * and the long ones are still being worked — so the open queue is the last few days' intake plus the stuck ones
 * (tens, not thousands), spread over the team, with the newest not yet taken from the queue.
 */
export function planDemoCases(
  random: DemoRandom,
  config: CaseConfig,
  team: DemoTeam,
  now: number,
  history: number,
): PlannedCase[] {
  const start = now - 365 * DAY_MS
  const cal = config.calendar
  const work = (from: number, minutes: number) =>
    addBusinessMinutes(from, Math.max(1, Math.floor(minutes)), cal)
  const times = [
    ...Array.from({ length: history }, () => arrivalTime(random, start, 0, 365 - RECENT_DAYS)),
    ...Array.from({ length: RECENT_CASES }, () =>
      arrivalTime(random, start, 365 - RECENT_DAYS, 365),
    ),
  ].sort((a, b) => a - b)
  const customers = Math.floor((history + RECENT_CASES) * 0.8)
  return times.map((createdAt) => {
    const [cause, , texts] = weightedCause(random)
    const priority = priorityOf(random, cause)
    const channel = random.pick(CHANNELS)
    const sla = config.sla[priority]!
    const firstResponseDue = work(createdAt, sla.firstResponseMinutes)
    const resolutionDue = work(createdAt, sla.resolutionMinutes)
    // The supervisor hands a case out within half an hour of working time, unless it just came in.
    const assignedAt = work(createdAt, 2 + random.next() * 28)
    const ownerId = assignedAt <= now ? weightedAgent(random, team.agentIds) : null
    const acknowledgedAt = work(createdAt, 5 + random.next() ** 3 * 1.3 * sla.firstResponseMinutes)
    const investigatingAt = acknowledgedAt + (10 + Math.floor(random.next() * 50)) * MINUTE_MS
    // Most are put right within the day or two; one in five needs a field visit, a meter check or
    // a third party and takes one to four weeks (the open queue's long tail, and most SLA misses).
    const complex = random.chance(0.2)
    const resolvedAt = work(
      investigatingAt,
      complex
        ? (4 + random.next() * 16) * 540
        : 30 + random.next() ** 2 * 0.9 * sla.resolutionMinutes,
    )
    const followUpAt = work(resolvedAt, 120 + random.next() * 900)
    const satisfied = random.chance(0.72)
    const compensated = random.chance(0.3)
    const kind = random.pick(['voucher', 'refund', 'points', 'apology'] as const)
    const plan: PlannedCase = {
      createdAt,
      text: random.pick(texts),
      cause,
      priority,
      channel,
      store: random.pick(STORES),
      customerRef: `C-${1000 + Math.floor(random.next() * customers)}`,
      nps: channel === 'survey' ? Math.floor(random.next() * 5) : null,
      status: 'new',
      ownerId,
      assignedAt: ownerId ? assignedAt : null,
      acknowledgedAt: null,
      investigatingAt: null,
      resolvedAt: null,
      responsibility: null,
      compensation: null,
      followUp: null,
      closedAt: null,
      firstResponseDue,
      resolutionDue,
    }
    if (!ownerId || acknowledgedAt > now) return plan
    plan.status = 'acknowledged'
    plan.acknowledgedAt = acknowledgedAt
    if (investigatingAt > now) return plan
    plan.status = 'investigating'
    plan.investigatingAt = investigatingAt
    if (resolvedAt > now) return plan
    plan.status = 'resolved'
    plan.resolvedAt = resolvedAt
    plan.responsibility = random.chance(0.8) ? 'ours' : 'third_party'
    plan.compensation = compensated
      ? { kind, amount: kind === 'apology' ? 0 : (1 + Math.floor(random.next() * 20)) * 1000 }
      : null
    if (followUpAt + MINUTE_MS > now) return plan
    plan.status = 'closed'
    const notes = satisfied ? FOLLOW_UP_NOTES.satisfied : FOLLOW_UP_NOTES.unsatisfied
    plan.followUp = { at: followUpAt, satisfied, note: random.pick(notes) }
    plan.closedAt = followUpAt + MINUTE_MS
    return plan
  })
}
