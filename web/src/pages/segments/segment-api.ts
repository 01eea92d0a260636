import { api } from '../../api/client'
import type { SegmentComparisonView } from '../../../../src/responses/segment-comparison.schema'

export type { SegmentComparisonView }
export type SegmentMetric = SegmentComparisonView['metric']

export const fetchSegmentComparison = (
  surveyId: string,
  p: { field: string; metric: SegmentMetric; from: string; to: string },
) =>
  api<SegmentComparisonView>(
    'GET',
    `/surveys/${surveyId}/segment-comparison?${new URLSearchParams(p).toString()}`,
  )
