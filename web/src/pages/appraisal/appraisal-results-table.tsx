import { Descriptions, Empty, Table, Typography } from 'antd'
import type { AppraisalResult } from './appraisal-api'
import type { AppraisalWords } from './appraisal-words'

type Component = AppraisalResult['components'][number]

const fixed = (v: number | null, digits: number) => (v === null ? '—' : v.toFixed(digits))

/** Bonus and penalty points with their sign; none as a plain 0. */
const signed = (points: number, sign: '+' | '−') =>
  points === 0 ? '0' : `${sign}${points.toFixed(1)}`

/** A figure in its outcome's own unit: means with two decimals, NPS whole, shares as percentages. */
function figure(outcome: Component['outcome'], v: number | null): string {
  if (v === null) return '—'
  if (outcome === 'sla' || outcome === 'recovery') return `${(100 * v).toFixed(0)}%`
  return outcome === 'nps' ? v.toFixed(0) : v.toFixed(2)
}

/** Every input behind one employee's points: each outcome's n, raw and shrunk figure, which was used and why. */
export function AppraisalInputs({
  result,
  words,
}: {
  result: AppraisalResult
  words: AppraisalWords
}) {
  const { t } = words
  const c = result.penalty.cases
  return (
    <div data-testid={`ap-inputs-${result.employee.code}`}>
      <Table
        size="small"
        rowKey="outcome"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={result.components}
        columns={[
          { title: t('ap.outcome'), render: (_, r) => t(`ap.outcome.${r.outcome}`) },
          { title: t('ap.weight'), dataIndex: 'weight' },
          { title: t('ap.n'), dataIndex: 'n' },
          { title: t('ap.raw'), render: (_, r) => figure(r.outcome, r.raw) },
          { title: t('ap.shrunk'), render: (_, r) => figure(r.outcome, r.shrunk) },
          {
            title: t('ap.used'),
            render: (_, r) =>
              r.source === 'excluded' && r.excludedBecause
                ? t('ap.source.excludedWhy', { why: t(`ap.excluded.${r.excludedBecause}`) })
                : t(`ap.source.${r.source}`),
          },
          { title: t('ap.points'), render: (_, r) => fixed(r.points, 1) },
          { title: t('ap.contribution'), render: (_, r) => fixed(r.contribution, 2) },
        ]}
      />
      <Descriptions size="small" column={1} style={{ marginTop: 8 }}>
        <Descriptions.Item label={t('ap.praise')}>
          {t('ap.praiseLine', {
            count: result.praise.count,
            points: signed(result.praise.points, '+'),
          })}
        </Descriptions.Item>
        <Descriptions.Item label={t('ap.penalty')}>
          {t('ap.penaltyLine', {
            complaints: result.complaints,
            ours: c.ours,
            thirdParty: c.thirdParty,
            customer: c.customer,
            unknown: c.unknown,
            points: signed(result.penalty.points, '−'),
          })}
        </Descriptions.Item>
      </Descriptions>
    </div>
  )
}

/** Employees' scores of a month or a preview; a row opens to the inputs behind its points. */
export function AppraisalResultsTable({
  results,
  words,
  testId,
}: {
  results: AppraisalResult[]
  words: AppraisalWords
  testId: string
}) {
  const { t } = words
  const noScore = <Typography.Text type="secondary">{t('ap.noScore')}</Typography.Text>
  return (
    <Table
      size="small"
      rowKey={(r) => r.employee.id}
      pagination={false}
      // A fixed width, not max-content: an opened row's inputs would stretch the first column.
      scroll={{ x: 640 }}
      dataSource={results}
      data-testid={testId}
      locale={{ emptyText: <Empty description={t('ap.results.none')} /> }}
      expandable={{
        expandRowByClick: true,
        expandedRowRender: (r) => <AppraisalInputs result={r} words={words} />,
      }}
      columns={[
        {
          title: t('ap.code'),
          render: (_, r) => (
            <span data-testid={`ap-row-${r.employee.code}`}>{r.employee.code}</span>
          ),
        },
        { title: t('ap.name'), render: (_, r) => r.employee.name },
        { title: t('ap.base'), render: (_, r) => (r.base === null ? noScore : r.base.toFixed(2)) },
        { title: t('ap.praise'), render: (_, r) => signed(r.praise.points, '+') },
        { title: t('ap.penalty'), render: (_, r) => signed(r.penalty.points, '−') },
        {
          title: t('ap.total'),
          render: (_, r) => (
            <strong data-testid={`ap-total-${r.employee.code}`}>
              {r.total === null ? noScore : r.total.toFixed(2)}
            </strong>
          ),
        },
      ]}
    />
  )
}
