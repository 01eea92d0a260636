import { meanWithInterval } from '../analytics/mean-interval.js'
import { computeNps, countNpsScores } from '../analytics/nps.js'
import { requirePermission } from '../auth/permission.service.js'
import { latestNpsPerCustomer } from '../customers/customer-answer-scores.service.js'
import { customersWithinUnitsQuery } from '../customers/customer-scope.service.js'
import type { Scope } from '../db/scope.js'
import { tierLedgerTotals } from './loyalty.repository.js'
import type { TierSatisfaction, TierSatisfactionRow } from './loyalty.schema.js'
import { loyaltyProgramme } from './loyalty.service.js'

/** NPS and the mean 0–10 score of some customers' latest answers, by the shared analytics. */
function satisfactionOf(scores: number[]) {
  const nps = computeNps(countNpsScores(scores))
  const mean = meanWithInterval(scores, [0, 10])
  return {
    scored: scores.length,
    nps: nps.nps,
    npsCi95: nps.ci95,
    meanScore: mean.mean,
    meanScoreCi95: mean.ci95,
  }
}

/**
 * Loyalty read against satisfaction: per tier, its members, their latest NPS answers (NPS and
 * mean score with intervals) and the points they earned and redeemed per member; customers with
 * no account as a reference row. Each customer counts once, by their newest scored answer, so a
 * frequent answerer does not weigh more. Within the reader's units, like the members list.
 */
export async function tierSatisfaction(scope: Scope): Promise<TierSatisfaction> {
  requirePermission(scope.actor, 'customers:read')
  const customers = customersWithinUnitsQuery(scope)
  const [programme, tiers, latest] = await Promise.all([
    loyaltyProgramme(scope),
    tierLedgerTotals(scope.db, scope.orgId, customers),
    latestNpsPerCustomer(scope, customers),
  ])
  const known = programme?.tiers ?? []
  const codes = [
    ...known.map((t) => t.code),
    ...[...tiers.keys()].filter((c) => !known.some((t) => t.code === c)).sort(),
  ]
  const members = new Set<string>()
  const rows: TierSatisfactionRow[] = codes.map((code) => {
    const t = tiers.get(code) ?? { customerIds: [], earned: 0, redeemed: 0 }
    const named = known.find((k) => k.code === code)
    const scores: number[] = []
    for (const id of t.customerIds) {
      members.add(id)
      const s = latest.get(id)
      if (s !== undefined) scores.push(s)
    }
    const n = t.customerIds.length
    return {
      tier: code,
      nameZh: named?.nameZh ?? null,
      nameEn: named?.nameEn ?? null,
      members: n,
      ...satisfactionOf(scores),
      earnedPerMember: n === 0 ? null : t.earned / n,
      redeemedPerMember: n === 0 ? null : t.redeemed / n,
    }
  })
  const others = [...latest].filter(([id]) => !members.has(id)).map(([, s]) => s)
  rows.push({
    tier: null,
    nameZh: null,
    nameEn: null,
    members: null,
    ...satisfactionOf(others),
    earnedPerMember: null,
    redeemedPerMember: null,
  })
  return { rows }
}
