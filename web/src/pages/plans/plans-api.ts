import { api } from '../../api/client'
import type {
  Plan,
  PlanDetail,
  PlanEffect,
  PlanStatus,
  PlanSummary,
} from '../../../../src/actions/action-plan.schema'

export type { Plan, PlanDetail, PlanEffect, PlanStatus, PlanSummary }

export const fetchPlans = () => api<{ plans: PlanSummary[] }>('GET', '/plans').then((r) => r.plans)
export const fetchPlan = (id: string) => api<PlanDetail>('GET', `/plans/${id}`)
export const fetchPlanEffect = (id: string) => api<PlanEffect>('GET', `/plans/${id}/effect`)
export const createPlan = (body: unknown) => api<PlanDetail>('POST', '/plans', body)
export const movePlan = (id: string, body: { status: PlanStatus; reason?: string }) =>
  api<PlanDetail>('POST', `/plans/${id}/transitions`, body)
export const addPlanTask = (id: string, body: { title: string; ownerId: string; dueAt: number }) =>
  api<PlanDetail>('POST', `/plans/${id}/tasks`, body)
export const finishPlanTask = (id: string, taskId: string) =>
  api<PlanDetail>('POST', `/plans/${id}/tasks/${taskId}/done`)
export const makeStandard = (id: string) => api<PlanDetail>('POST', `/plans/${id}/standard`)
export const requestPlanApproval = (id: string, body: { approverId: string; note?: string }) =>
  api<PlanDetail>('POST', `/plans/${id}/approval-request`, body)
export const decidePlanApproval = (
  id: string,
  body: { decision: 'approved' | 'rejected'; note?: string },
) => api<PlanDetail>('POST', `/plans/${id}/approval-decision`, body)
export const fetchPlanSettings = () => api<{ approvalRequired: boolean }>('GET', '/plan-settings')
export const savePlanSettings = (body: { approvalRequired: boolean }) =>
  api<{ approvalRequired: boolean }>('PUT', '/plan-settings', body)
export const attachToPlan = (id: string, body: { filename: string; contentBase64: string }) =>
  api<PlanDetail['attachments'][number]>('POST', `/plans/${id}/attachments`, body)
export const removePlanAttachment = (id: string, attachmentId: string) =>
  api<null>('DELETE', `/plans/${id}/attachments/${attachmentId}`)
