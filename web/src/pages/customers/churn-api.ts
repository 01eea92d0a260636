import { api } from '../../api/client'
import type {
  ChurnModelSummary,
  ChurnRiskList,
  ChurnTraining,
} from '../../../../src/customers/churn.schema'

export type { ChurnModelSummary, ChurnRiskList, ChurnTraining }

export const fetchChurnModel = () => api<ChurnModelSummary | null>('GET', '/churn/model')
export const fetchChurnTraining = () =>
  api<{ training: ChurnTraining | null }>('GET', '/churn/model/training').then((r) => r.training)
export const trainChurnModel = () =>
  api<{ training: ChurnTraining }>('POST', '/churn/model/train').then((r) => r.training)
export const fetchChurnRisks = (unitId: string | undefined, minRisk: number) =>
  api<ChurnRiskList>(
    'GET',
    `/churn/risks?limit=200&minRisk=${minRisk}${unitId ? `&unitId=${encodeURIComponent(unitId)}` : ''}`,
  )
export const openRetentionPlan = (body: {
  customerIds: string[]
  unitId: string | null
  ownerId: string
  dueAt: number
}) => api<{ planId: string; customers: number }>('POST', '/churn/plans', body)
