import { api } from '../../api/client'
import type {
  ArchivedReport,
  Report,
  ReportKind,
  ReportLocale,
  Review,
  Schedule,
} from '../../../../src/reports/report.schema'

export type { ArchivedReport, Report, ReportKind, ReportLocale, Review, Schedule }

export interface ReportChoice {
  unitId: string
  kind: ReportKind
  period?: string
  locale: ReportLocale
}

const query = (c: ReportChoice) =>
  new URLSearchParams({
    unitId: c.unitId,
    kind: c.kind,
    locale: c.locale,
    ...(c.period ? { period: c.period } : {}),
  }).toString()

export const fetchReport = (c: ReportChoice) => api<Report>('GET', `/reports/content?${query(c)}`)
/** The report made now as a file: the browser downloads it with the session cookie. */
export const reportFileUrl = (c: ReportChoice, format: 'pdf' | 'xlsx') =>
  `/api/v1/reports/file?${query(c)}&format=${format}`
export const archivedFileUrl = (id: string, format: 'pdf' | 'xlsx') =>
  `/api/v1/reports/archive/${id}/${format}`
export const fetchSchedules = () =>
  api<{ schedules: Schedule[] }>('GET', '/reports/schedules').then((r) => r.schedules)
export const createSchedule = (body: unknown) => api<Schedule>('POST', '/reports/schedules', body)
export const deleteSchedule = (id: string) => api<void>('DELETE', `/reports/schedules/${id}`)
export const fetchArchive = () =>
  api<{ reports: ArchivedReport[] }>('GET', '/reports/archive').then((r) => r.reports)
export const fetchReviews = () =>
  api<{ reviews: Array<Pick<Review, 'id' | 'unitId' | 'heldOn' | 'title'>> }>(
    'GET',
    '/reviews',
  ).then((r) => r.reviews)
export const fetchReview = (id: string) => api<Review>('GET', `/reviews/${id}`)
export const createReview = (body: unknown) => api<Review>('POST', '/reviews', body)
