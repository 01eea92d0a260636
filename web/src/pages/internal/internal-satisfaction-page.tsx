import { useQuery } from '@tanstack/react-query'
import { Alert, Card, Empty, List, Select, Space, Table, Tag, Typography } from 'antd'
import { useState } from 'react'
import { fetchSurveys } from '../../api/endpoints'
import { internalEnUS } from '../../i18n/internal-satisfaction.en-US'
import { internalZhCN } from '../../i18n/internal-satisfaction.zh-CN'
import { usePageWords } from '../../i18n/page-words'
import { fetchInternalSatisfaction, type InternalGroup } from './internal-satisfaction-api'
import { unitNameIn } from '../units/unit-name'

type Interval = [number, number] | null

const withInterval = (
  value: number | null | undefined,
  ci: Interval | undefined,
  digits: number,
) =>
  value === null || value === undefined
    ? null
    : `${value.toFixed(digits)}${ci ? ` (${ci[0].toFixed(digits)}–${ci[1].toFixed(digits)})` : ''}`

/**
 * Internal satisfaction (issue 19): an anonymous employee survey per dimension and unit with
 * eNPS, hidden groups marked without saying why (GET /api/v1/internal-satisfaction), the comments
 * of a chosen group, and the units' customer NPS beside the internal index with their correlation.
 */
export function InternalSatisfactionPage() {
  const { t, locale, errorText } = usePageWords(internalZhCN, internalEnUS)
  const surveys = useQuery({ queryKey: ['surveys'], queryFn: fetchSurveys })
  const internal = (surveys.data ?? []).filter((s) => s.settings.anonymity)
  const external = (surveys.data ?? []).filter((s) => !s.settings.anonymity)
  const [chosen, setChosen] = useState<string>()
  const [externalId, setExternalId] = useState<string>()
  const [selected, setSelected] = useState<string>()
  const surveyId = chosen ?? internal[0]?.id
  const report = useQuery({
    queryKey: ['internal-satisfaction', surveyId, externalId],
    queryFn: () => fetchInternalSatisfaction(surveyId!, externalId),
    enabled: surveyId !== undefined,
  })
  const title = (text: { 'zh-CN': string; 'en-US'?: string | undefined }) =>
    locale === 'en-US' ? (text['en-US'] ?? text['zh-CN']) : text['zh-CN']
  const unitName = (g: InternalGroup) =>
    g.unitId === null
      ? t('internal.organisation')
      : unitNameIn({ nameZh: g.nameZh ?? '', nameEn: g.nameEn }, locale)
  const data = report.data
  // The template's five dimensions by their short names; another survey's items by their titles.
  const dimensionName = (d: {
    key: string
    title: { 'zh-CN': string; 'en-US'?: string | undefined }
  }) => {
    const key = `internal.dim.${d.key}` as keyof typeof internalZhCN
    return key in internalZhCN ? t(key) : title(d.title)
  }
  const dimensions = data?.groups.find((g) => g.shown && g.dimensions.length > 0)?.dimensions ?? []
  const hidden = <Typography.Text type="secondary">{t('internal.hidden')}</Typography.Text>
  const figure = (text: string | null) =>
    text ?? <Typography.Text type="secondary">{t('internal.itemHidden')}</Typography.Text>
  const spanned = (g: InternalGroup) => (g.shown ? {} : { colSpan: 0 })
  const rowKey = (g: InternalGroup) => g.unitId ?? 'organisation'
  const current = data?.groups.find((g) => rowKey(g) === (selected ?? 'organisation'))
  const chain = data?.correlation

  if (surveys.isSuccess && internal.length === 0)
    return (
      <Card title={t('internal.title')}>
        <Empty description={t('internal.noSurvey')} data-testid="internal-no-survey" />
      </Card>
    )
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('internal.title')}>
        <Typography.Paragraph type="secondary">
          {t('internal.intro', { minGroup: data?.minGroup ?? 5 })}
        </Typography.Paragraph>
        <Space wrap>
          <span>{t('internal.survey')}</span>
          <Select
            data-testid="internal-survey"
            style={{ minWidth: 220 }}
            value={surveyId}
            onChange={(v) => {
              setChosen(v)
              setSelected(undefined)
            }}
            options={internal.map((s) => ({ value: s.id, label: title(s.title) }))}
          />
          <span>{t('internal.external')}</span>
          <Select
            data-testid="internal-external"
            style={{ minWidth: 220 }}
            allowClear
            placeholder={t('internal.externalNone')}
            value={externalId}
            onChange={setExternalId}
            options={external.map((s) => ({ value: s.id, label: title(s.title) }))}
          />
        </Space>
      </Card>
      {report.isError && <Alert type="error" title={errorText(report.error)} showIcon />}
      <Card loading={report.isLoading}>
        <Table<InternalGroup>
          size="small"
          rowKey={rowKey}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="internal-table"
          dataSource={data?.groups ?? []}
          onRow={(g) => ({ onClick: () => setSelected(rowKey(g)), style: { cursor: 'pointer' } })}
          rowClassName={(g) =>
            rowKey(g) === (selected ?? 'organisation') ? 'ant-table-row-selected' : ''
          }
          columns={[
            {
              title: t('internal.unit'),
              fixed: 'left',
              render: (_, g) => (
                <span
                  style={{ paddingLeft: 16 * g.depth }}
                  data-testid={`internal-row-${g.code ?? 'org'}`}
                >
                  {unitName(g)}
                </span>
              ),
            },
            {
              title: t('internal.n'),
              // A hidden group's one sentence spans its figures' columns.
              onCell: (g) => (g.shown ? {} : { colSpan: 3 + dimensions.length }),
              render: (_, g) => (g.shown ? g.n : hidden),
            },
            {
              title: t('internal.index'),
              onCell: spanned,
              render: (_, g) =>
                g.shown ? figure(withInterval(g.index?.mean, g.index?.ci95, 2)) : null,
            },
            {
              title: t('internal.enps'),
              onCell: spanned,
              render: (_, g) =>
                g.shown ? figure(withInterval(g.enps?.enps, g.enps?.ci95, 0)) : null,
            },
            ...dimensions.map((d, i) => ({
              title: dimensionName(d),
              key: d.key,
              onCell: spanned,
              render: (_: unknown, g: InternalGroup) =>
                g.shown
                  ? figure(withInterval(g.dimensions[i]?.mean, g.dimensions[i]?.ci95, 2))
                  : null,
            })),
            ...(externalId
              ? [
                  {
                    title: t('internal.externalNps'),
                    key: 'external',
                    render: (_: unknown, g: InternalGroup) =>
                      withInterval(g.external?.nps, g.external?.ci95, 0) ?? '—',
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {current && (
        <Card
          title={t('internal.comments', { unit: unitName(current) })}
          extra={<Typography.Text type="secondary">{t('internal.commentsHint')}</Typography.Text>}
        >
          {!current.shown ? (
            <Tag>{t('internal.hidden')}</Tag>
          ) : current.comments.length === 0 ? (
            <Empty description={t('internal.commentsNone')} />
          ) : (
            <List
              size="small"
              data-testid="internal-comments"
              dataSource={current.comments}
              renderItem={(c) => <List.Item>{c}</List.Item>}
            />
          )}
        </Card>
      )}
      {chain && (
        <Card title={t('internal.chain')}>
          <Typography.Paragraph data-testid="internal-correlation">
            {chain.reason === null && chain.r !== null && chain.ci95
              ? t('internal.correlation', {
                  r: chain.r.toFixed(2),
                  low: chain.ci95[0].toFixed(2),
                  high: chain.ci95[1].toFixed(2),
                  n: chain.n,
                })
              : t(`internal.correlation.${chain.reason ?? 'no-spread'}`, { n: chain.n })}
          </Typography.Paragraph>
          <Typography.Text type="secondary">{t('internal.chainNote')}</Typography.Text>
        </Card>
      )}
    </Space>
  )
}
