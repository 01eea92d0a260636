import { useQuery } from '@tanstack/react-query'
import { Button, Empty, Space, Table, Tag, Typography } from 'antd'
import { useState } from 'react'
import { fetchMe } from '../../api/endpoints'
import { usePageWords } from '../../i18n/page-words'
import { PlanDrawer } from './plan-drawer'
import { PlanForm } from './plan-form'
import { fetchPlans, type Plan } from './plans-api'
import { PLANS_EN, PLANS_ZH } from './plans-words'

const STATUS_COLOR: Record<Plan['status'], string> = {
  plan: 'default',
  do: 'processing',
  check: 'warning',
  act: 'purple',
  closed: 'success',
  abandoned: 'default',
}

/** Action plans: the open and closed plans, one opened at a time beside the list. */
export function PlansPage() {
  const { t, locale } = usePageWords(PLANS_ZH, PLANS_EN)
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe })
  const plans = useQuery({ queryKey: ['plans'], queryFn: fetchPlans })
  const [open, setOpen] = useState<string | null>(null)
  const [creating, setCreating] = useState(false)
  const mayWrite = me.data?.permissions.includes('plans:write') ?? false
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3}>{t('plans.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('plans.intro')}</Typography.Paragraph>
      {mayWrite && (
        <Button type="primary" onClick={() => setCreating(true)} data-testid="plan-new">
          {t('plans.new')}
        </Button>
      )}
      <Table
        rowKey="id"
        loading={plans.isPending}
        dataSource={plans.data ?? []}
        scroll={{ x: true }}
        locale={{ emptyText: <Empty description={t('plans.none')} /> }}
        onRow={(p) => ({ onClick: () => setOpen(p.id), style: { cursor: 'pointer' } })}
        columns={[
          {
            title: t('plans.number'),
            dataIndex: 'number',
            width: 110,
            render: (n: string) => <span style={{ whiteSpace: 'nowrap' }}>{n}</span>,
          },
          { title: t('plans.name'), dataIndex: 'title' },
          {
            title: t('plans.status'),
            dataIndex: 'status',
            width: 120,
            render: (s: Plan['status'], p) => (
              <>
                <Tag color={STATUS_COLOR[s]}>{t(`plans.status.${s}`)}</Tag>
                {p.overdue && <Tag color="red">{t('plans.overdue')}</Tag>}
              </>
            ),
          },
          {
            title: t('plans.metric'),
            dataIndex: 'metric',
            width: 90,
            render: (m: string) => m.toUpperCase(),
          },
          {
            title: t('plans.due'),
            dataIndex: 'dueAt',
            width: 130,
            render: (d: number) => new Date(d).toLocaleDateString(locale),
          },
        ]}
      />
      {open && <PlanDrawer id={open} mayWrite={mayWrite} onClose={() => setOpen(null)} />}
      {creating && (
        <PlanForm
          onClose={() => setCreating(false)}
          onCreated={(p) => {
            setCreating(false)
            void plans.refetch()
            setOpen(p.id)
          }}
        />
      )}
    </Space>
  )
}
