import { api } from '../../api/client'
import type { League, TargetProgress, TargetRecord } from '../../../../src/targets/target.schema'

export type { League, TargetProgress, TargetRecord }
export type LeagueMetric = League['metric']

export const fetchLeague = (p: {
  parentId?: string | undefined
  metric: LeagueMetric
  period: string
  minN: number
  /** A weighted survey: the league of its weighted answers. */
  surveyId?: string | undefined
}) => {
  const q = new URLSearchParams({ metric: p.metric, period: p.period, minN: String(p.minN) })
  if (p.parentId) q.set('parentId', p.parentId)
  if (p.surveyId) q.set('surveyId', p.surveyId)
  return api<League>('GET', `/units/league?${q.toString()}`)
}

export const fetchTargets = (p: {
  period: string
  metric: LeagueMetric
  /** A weighted survey: answer metrics' targets evaluated on its weighted figures. */
  surveyId?: string | undefined
}) => {
  const q = new URLSearchParams({ period: p.period, metric: p.metric })
  if (p.surveyId) q.set('surveyId', p.surveyId)
  return api<{ targets: TargetProgress[] }>('GET', `/targets?${q.toString()}`)
}

export const saveTarget = (body: {
  unitId: string
  metric: LeagueMetric
  period: string
  value: number
}) => api<TargetRecord>('POST', '/targets', body)

export const cascadeTarget = (id: string, mode: 'same' | 'weighted') =>
  api<{ targets: TargetRecord[] }>('POST', `/targets/${id}/cascade`, { mode, depth: 'subtree' })
