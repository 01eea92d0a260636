import { FilePdfOutlined } from '@ant-design/icons'
import { Button } from 'antd'
import type { SummaryParams } from '../../api/endpoints'
import { usePageWords } from '../../i18n/page-words'
import type { CrosstabChoice } from './crosstab-card'

const ZH = {
  'dashboardPdf.download': '下载 PDF',
  'dashboardPdf.hint': '按当前期间与筛选条件生成 PDF',
}
const EN: Record<keyof typeof ZH, string> = {
  'dashboardPdf.download': 'Download PDF',
  'dashboardPdf.hint': 'A PDF of what this page shows, for the period and filters chosen here',
}

/**
 * The dashboard as a PDF made on the server, for the filters shown and in the reader's language,
 * with the cross-tabulation shown on the page, if any.
 */
export function dashboardPdfUrl(
  surveyId: string,
  p: SummaryParams,
  locale: string,
  crosstab?: CrosstabChoice,
): string {
  const query = new URLSearchParams({
    from: p.from,
    to: p.to,
    interval: p.interval,
    ...(p.channel ? { channel: p.channel } : {}),
    ...(p.segment ? { segment: p.segment } : {}),
    ...(p.unit ? { unit: p.unit } : {}),
    locale: locale === 'en-US' ? 'en-US' : 'zh-CN',
    ...(crosstab ? { crosstabRow: crosstab.row, crosstabBy: crosstab.by } : {}),
    ...(crosstab?.weight ? { crosstabWeight: crosstab.weight } : {}),
  })
  return `/api/v1/surveys/${encodeURIComponent(surveyId)}/summary/pdf?${query}`
}

export function DashboardPdfButton({
  surveyId,
  params,
  crosstab,
}: {
  surveyId: string
  params: SummaryParams
  crosstab?: CrosstabChoice | undefined
}) {
  const w = usePageWords(ZH, EN)
  return (
    <Button
      icon={<FilePdfOutlined />}
      href={dashboardPdfUrl(surveyId, params, w.locale, crosstab)}
      title={w.t('dashboardPdf.hint')}
      data-testid="dashboard-pdf"
    >
      {w.t('dashboardPdf.download')}
    </Button>
  )
}

/** The home overview as a PDF made on the server, for the period and unit shown. */
export function OverviewPdfButton(props: { from: string; to: string; unit: string | undefined }) {
  const w = usePageWords(ZH, EN)
  const query = new URLSearchParams({
    from: props.from,
    to: props.to,
    ...(props.unit ? { unit: props.unit } : {}),
    locale: w.locale === 'en-US' ? 'en-US' : 'zh-CN',
  })
  return (
    <Button
      icon={<FilePdfOutlined />}
      href={`/api/v1/overview/pdf?${query}`}
      title={w.t('dashboardPdf.hint')}
      data-testid="overview-pdf"
    >
      {w.t('dashboardPdf.download')}
    </Button>
  )
}
