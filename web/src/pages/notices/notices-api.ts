import type {
  NoticeCompliance,
  NoticeDetail,
  NoticeInput,
  NoticeList,
  NoticeSatisfaction,
  NoticeSettings,
} from '../../../../src/notices/notice.schema'
import { api } from '../../api/client'

// Proactive notices (停电通知). Types inferred from the server's schemas.

export type { Notice, NoticeCompliance, NoticeDetail } from '../../../../src/notices/notice.schema'

export const fetchNotices = () => api<NoticeList>('GET', '/notices').then((r) => r.notices)
export const fetchNotice = (id: string) =>
  api<NoticeDetail>('GET', `/notices/${encodeURIComponent(id)}`)
export const createNotice = (input: NoticeInput) => api<NoticeDetail>('POST', '/notices', input)
export const fetchNoticeCompliance = () => api<NoticeCompliance>('GET', '/notices/compliance')
export const fetchNoticeSettings = () => api<NoticeSettings>('GET', '/notice-settings')
export const saveNoticeSettings = (input: {
  gatewayUrl: string | null
  gatewaySecret?: string
  leadDays: number
}) => api<NoticeSettings>('PUT', '/notice-settings', input)
export const fetchNoticeSatisfaction = () => api<NoticeSatisfaction>('GET', '/notices/satisfaction')
