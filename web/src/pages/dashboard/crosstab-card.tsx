import { useQuery } from '@tanstack/react-query'
import { Alert, Card, Select, Space, Spin, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { api } from '../../api/client'
import { fetchMe } from '../../api/endpoints'
import { AnalysisResult } from '../../components/analysis-result'
import { usePageWords } from '../../i18n/page-words'
import { type AnalysisColumn, fetchAnalysisColumns } from '../analysis-source'

const zh = {
  'xt.title': '交叉分析',
  'xt.row': '行（题目或分组）',
  'xt.by': '列（题目或分组）',
  'xt.weight': '权重列（可选）',
  'xt.pick': '选择两个不同的题目或分组，查看频数、行/列百分比、χ² 检验和显著单元格',
}
const en: Record<keyof typeof zh, string> = {
  'xt.title': 'Cross-tabulation',
  'xt.row': 'Rows (question or segment)',
  'xt.by': 'Columns (question or segment)',
  'xt.weight': 'Weight column (optional)',
  'xt.pick':
    'Pick two different questions or segments to see counts, row and column %, the χ² test and the cells that stand out',
}

/** The cross-tabulation shown, for the dashboard's PDF (its two columns and weight). */
export interface CrosstabChoice {
  row: string
  by: string
  weight?: string
}

const label = (c: AnalysisColumn) => (c.sub ? `${c.question} · ${c.sub}` : c.question)

/**
 * The survey's answers cross-tabulated on the dashboard: any two questions or segments (channel,
 * unit, a segment field), optionally weighted by a numeric column, through the analysis API (the
 * same crosstab as the workbench and `manyi analyze crosstab`). Shown to those who may run analyses.
 * The table shown is reported to `onShown` (undefined while none is), so the PDF holds it too.
 */
export function CrosstabCard({
  surveyId,
  onShown,
}: {
  surveyId: string
  onShown?: (choice: CrosstabChoice | undefined) => void
}) {
  const { t, locale, errorText } = usePageWords(zh, en)
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe, retry: false })
  const allowed = me.data?.permissions.includes('analyses:run') ?? false
  const source = { survey: { id: surveyId, lang: locale } }
  const columns = useQuery({
    queryKey: ['crosstab-columns', surveyId, locale],
    queryFn: () => fetchAnalysisColumns(source),
    enabled: allowed,
  })
  const [row, setRow] = useState<string>()
  const [by, setBy] = useState<string>()
  const [weight, setWeight] = useState<string>()
  const ready = row !== undefined && by !== undefined && row !== by
  const result = useQuery({
    queryKey: ['crosstab', surveyId, locale, row, by, weight],
    queryFn: () =>
      api<Record<string, unknown>>('POST', '/analyses/crosstab', {
        ...source,
        options: { row, by, ...(weight ? { weight } : {}) },
      }),
    enabled: allowed && ready,
  })
  const shown = allowed && ready && result.isSuccess
  useEffect(() => {
    onShown?.(shown ? { row: row!, by: by!, ...(weight ? { weight } : {}) } : undefined)
  }, [onShown, shown, row, by, weight])
  if (!allowed) return null
  const choices = (columns.data?.columns ?? [])
    .filter((c) => c.role === 'answer' || c.role === 'meta')
    .map((c) => ({ value: c.header, label: label(c) }))
  const numeric = (columns.data?.columns ?? [])
    .filter((c) => c.numeric && c.role !== 'id')
    .map((c) => ({ value: c.header, label: label(c) }))
  const picker = (
    key: 'xt.row' | 'xt.by' | 'xt.weight',
    value: string | undefined,
    set: (v: string | undefined) => void,
    options: Array<{ value: string; label: string }>,
  ) => (
    <Space direction="vertical" size={2} style={{ minWidth: 220, maxWidth: '100%' }}>
      <Typography.Text type="secondary">{t(key)}</Typography.Text>
      <Select
        allowClear
        showSearch
        optionFilterProp="label"
        style={{ width: '100%', minWidth: 220 }}
        value={value}
        onChange={set}
        options={options}
        loading={columns.isPending}
        data-testid={`crosstab-${key.slice(3)}`}
      />
    </Space>
  )
  return (
    <Card title={t('xt.title')} size="small" data-testid="dashboard-crosstab">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space wrap align="start">
          {picker('xt.row', row, setRow, choices)}
          {picker('xt.by', by, setBy, choices)}
          {picker('xt.weight', weight, setWeight, numeric)}
        </Space>
        {columns.isError && <Alert type="error" title={errorText(columns.error)} />}
        {!ready && <Typography.Text type="secondary">{t('xt.pick')}</Typography.Text>}
        {ready && result.isPending && <Spin />}
        {ready && result.isError && <Alert type="error" title={errorText(result.error)} />}
        {ready && result.data && <AnalysisResult method="crosstab" result={result.data} />}
      </Space>
    </Card>
  )
}
