import { Button, Card, Table, Tooltip, Typography } from 'antd'
import type { ComplaintAnalyticsView } from '../../api/endpoints'
import { useI18n } from '../../i18n/i18n'
import { hours, pct } from './format'

// SLA compliance by department and the employee scorecards of the complaint analytics: every
// name opens the cases behind it. Compliance counts only cases whose outcome is known.

type Drill = (filter: Record<string, string>) => void

export function SlaByDepartmentCard({
  a,
  drill,
}: {
  a: ComplaintAnalyticsView | undefined
  drill: Drill
}) {
  const { t } = useI18n()
  return (
    <Card size="small" title={t('slaByDepartment')}>
      <Table
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={a?.slaByDepartment ?? []}
        columns={[
          {
            title: t('department'),
            dataIndex: 'name',
            render: (n: string, r) => (
              <Button type="link" size="small" onClick={() => drill({ department: r.key })}>
                {n}
              </Button>
            ),
          },
          { title: t('cases'), dataIndex: 'cases' },
          { title: t('slaBoardDue'), dataIndex: 'due' },
          {
            title: (
              <Tooltip title={t('slaComplianceHelp')}>
                <span>{t('slaCompliance')}</span>
              </Tooltip>
            ),
            dataIndex: 'compliance',
            render: pct,
          },
        ]}
      />
    </Card>
  )
}

export function EmployeeScorecardsCard({
  a,
  drill,
}: {
  a: ComplaintAnalyticsView | undefined
  drill: Drill
}) {
  const { t } = useI18n()
  return (
    <Card
      size="small"
      title={t('employeeScorecards')}
      extra={<Typography.Text type="secondary">{t('workingHours')}</Typography.Text>}
    >
      <Table
        size="small"
        rowKey="ownerId"
        pagination={false}
        dataSource={a?.people ?? []}
        data-testid="employee-scorecards"
        columns={[
          {
            title: t('owner'),
            dataIndex: 'name',
            render: (n: string, r) => (
              <Button type="link" size="small" onClick={() => drill({ ownerId: r.ownerId })}>
                {n}
              </Button>
            ),
          },
          { title: t('cases'), dataIndex: 'cases', align: 'right' },
          {
            title: (
              <Tooltip title={t('slaComplianceHelp')}>
                <span>{t('slaCompliance')}</span>
              </Tooltip>
            ),
            dataIndex: 'compliance',
            align: 'right',
            render: (v: number | null, r) => (
              <span>
                {pct(v)} <Typography.Text type="secondary">n={r.due}</Typography.Text>
              </span>
            ),
          },
          {
            title: t('medianFirstResponse'),
            dataIndex: 'firstResponseMedian',
            align: 'right',
            render: hours,
          },
          {
            title: t('medianResolution'),
            dataIndex: 'resolutionMedian',
            align: 'right',
            render: hours,
          },
          {
            title: t('recoveryRate'),
            dataIndex: 'recoveryRate',
            align: 'right',
            render: (v: number | null, r) =>
              v === null ? (
                '—'
              ) : (
                <span
                  title={
                    r.recoveryInterval
                      ? `95% ${pct(r.recoveryInterval[0])}–${pct(r.recoveryInterval[1])}`
                      : ''
                  }
                >
                  {pct(v)} <Typography.Text type="secondary">n={r.followedUp}</Typography.Text>
                </span>
              ),
          },
          { title: t('reopenedCases'), dataIndex: 'reopened', align: 'right' },
          {
            title: t('compensationPerCase'),
            dataIndex: 'compensationPerCase',
            align: 'right',
            render: (v: number) => `¥${(v / 100).toFixed(2)}`,
          },
        ]}
      />
    </Card>
  )
}
