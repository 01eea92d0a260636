import { useQuery } from '@tanstack/react-query'
import { Alert, Card, Col, Empty, Row, Space, Statistic, Table, Typography } from 'antd'
import { Link, useParams } from 'react-router'
import { ApiError } from '../../api/client'
import { useEmployeeWords } from './employee-words'
import { type EmployeeScorecard, fetchEmployeeScorecard, fetchMyScorecard } from './employees-api'

type Figure = EmployeeScorecard['outcomes']['csat']

const fixed = (v: number | null, digits: number) => (v === null ? '—' : v.toFixed(digits))

/** The signed-in employee's own customer outcomes (GET /api/v1/me/scorecard), never anyone else's. */
export function MyScorecardPage() {
  const { t, errorText } = useEmployeeWords()
  const card = useQuery({ queryKey: ['my-scorecard'], queryFn: fetchMyScorecard, retry: false })
  if (card.error instanceof ApiError && card.error.code === 'EMPLOYEE_NOT_FOUND')
    return (
      <Card title={t('employees.my.title')}>
        <Empty description={t('employees.my.none')} data-testid="my-scorecard-none" />
      </Card>
    )
  if (card.isError) return <Alert type="error" title={errorText(card.error)} showIcon />
  const data = card.data
  if (!data) return <Card loading title={t('employees.my.title')} />
  return <ScorecardView data={data} title={t('employees.my.title')} rankKey="employees.my.rank" />
}

/**
 * An employee's scorecard as a supervisor or administrator reads it from the employees page
 * (GET /api/v1/employees/:id/scorecard): the same view the employee sees of their own, for those
 * who do not sign in too (technicians, front desk). The server answers EMPLOYEE_NOT_FOUND for an
 * employee outside the reader's units.
 */
export function EmployeeScorecardPage() {
  const { id = '' } = useParams()
  const { t, errorText } = useEmployeeWords()
  const card = useQuery({
    queryKey: ['employee-scorecard', id],
    queryFn: () => fetchEmployeeScorecard(id),
    retry: false,
  })
  const back = (
    <Link to="/employees" data-testid="employee-scorecard-back">
      {t('employees.card.back')}
    </Link>
  )
  if (card.isError)
    return (
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {back}
        {card.error instanceof ApiError && card.error.code === 'EMPLOYEE_NOT_FOUND' ? (
          <Card title={t('employees.card.title')}>
            <Empty
              description={t('employees.card.notFound')}
              data-testid="employee-scorecard-none"
            />
          </Card>
        ) : (
          <Alert type="error" title={errorText(card.error)} showIcon />
        )}
      </Space>
    )
  const data = card.data
  if (!data) return <Card loading title={t('employees.card.title')} />
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {back}
      <ScorecardView
        data={data}
        title={`${t('employees.card.title')} · ${data.outcomes.employee.code}`}
        rankKey="employees.card.rank"
      />
    </Space>
  )
}

/** One employee's outcomes: counts, CSAT/NPS/CES with n, raw (95% interval) beside shrunk, trend. */
function ScorecardView({
  data,
  title,
  rankKey,
}: {
  data: EmployeeScorecard
  title: string
  rankKey: 'employees.my.rank' | 'employees.card.rank'
}) {
  const { t } = useEmployeeWords()
  const o = data.outcomes
  const figures: Array<{ key: string; label: string; figure: Figure; digits: number }> = [
    { key: 'csat', label: 'CSAT (1–5)', figure: o.csat, digits: 2 },
    { key: 'nps', label: 'NPS', figure: o.nps, digits: 0 },
    { key: 'ces', label: 'CES (1–7)', figure: o.ces, digits: 2 },
  ]
  const share = (s: { share: number | null; n: number }) =>
    s.share === null ? '—' : `${(100 * s.share).toFixed(0)}% (n=${s.n})`
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={`${title} · ${o.employee.name}`}
        data-testid="scorecard-outcomes"
        extra={
          <Typography.Text type="secondary">
            {t('employees.my.window', { from: data.from, to: data.to })}
          </Typography.Text>
        }
      >
        <Typography.Paragraph data-testid="my-scorecard-rank">
          {o.rank !== null
            ? t(rankKey, { rank: String(o.rank), total: String(data.unitEmployees) })
            : t('employees.my.unranked', { minN: String(data.minN) })}
        </Typography.Paragraph>
        <Row gutter={[16, 16]}>
          {(
            [
              ['complaints', o.complaints],
              ['praise', o.praise],
              ['cases', o.cases],
              ['repeat', o.repeatComplaints],
              ['sla', share(o.sla)],
              ['recovery', share(o.recovery)],
            ] as const
          ).map(([key, value]) => (
            <Col xs={12} md={8} lg={4} key={key}>
              <Statistic title={t(`employees.my.${key}`)} value={value} />
            </Col>
          ))}
        </Row>
      </Card>
      <Card>
        <Table
          size="small"
          rowKey="key"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={figures}
          data-testid="my-scorecard-figures"
          columns={[
            { title: t('employees.my.metric'), dataIndex: 'label' },
            { title: t('employees.my.n'), render: (_, r) => r.figure.n },
            {
              title: t('employees.my.raw'),
              render: (_, r) =>
                `${fixed(r.figure.raw, r.digits)}${
                  r.figure.rawCi95
                    ? ` (${r.figure.rawCi95.map((v) => v.toFixed(r.digits)).join('–')})`
                    : ''
                }`,
            },
            {
              title: t('employees.my.shrunk'),
              render: (_, r) => fixed(r.figure.shrunk, r.digits),
            },
          ]}
        />
      </Card>
      <Card title={t('employees.my.trend')}>
        <Table
          size="small"
          rowKey="month"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={data.trend}
          columns={[
            { title: t('employees.my.month'), dataIndex: 'month' },
            { title: 'CSAT', render: (_, m) => `${fixed(m.csat.mean, 2)} (n=${m.csat.n})` },
            { title: 'NPS', render: (_, m) => `${fixed(m.nps.nps, 0)} (n=${m.nps.n})` },
            { title: t('employees.my.complaints'), dataIndex: 'complaints' },
            { title: t('employees.my.praise'), dataIndex: 'praise' },
          ]}
        />
      </Card>
    </Space>
  )
}
