import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Button, Empty, Space, Switch, Table, Tag, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { useSearchParams } from 'react-router'
import { fetchMe } from '../../api/endpoints'
import { usePageWords } from '../../i18n/page-words'
import { PlanDrawer } from './plan-drawer'
import { VERDICT_COLOR } from './plan-effect-card'
import { readPlanDraft } from './plan-draft'
import { PlanForm } from './plan-form'
import {
  fetchPlanSettings,
  fetchPlans,
  type Plan,
  type PlanSummary,
  savePlanSettings,
} from './plans-api'
import { PLANS_EN, PLANS_ZH } from './plans-words'

const STATUS_COLOR: Record<Plan['status'], string> = {
  plan: 'default',
  do: 'processing',
  check: 'warning',
  act: 'purple',
  closed: 'success',
  abandoned: 'default',
}

/** Whether plans need approval: a switch for the administrator, words for the others. */
function ApprovalSetting({ mayChange }: { mayChange: boolean }) {
  const { t } = usePageWords(PLANS_ZH, PLANS_EN)
  const queryClient = useQueryClient()
  const settings = useQuery({ queryKey: ['plan-settings'], queryFn: fetchPlanSettings })
  const save = useMutation({
    mutationFn: (approvalRequired: boolean) => savePlanSettings({ approvalRequired }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['plan-settings'] }),
        queryClient.invalidateQueries({ queryKey: ['plan'] }),
      ]),
  })
  if (!settings.data) return null
  if (!mayChange)
    return settings.data.approvalRequired ? (
      <Tag data-testid="plan-approval-setting">{t('plans.approval.setting')}</Tag>
    ) : null
  return (
    <Space>
      <Switch
        checked={settings.data.approvalRequired}
        loading={save.isPending}
        onChange={(v) => save.mutate(v)}
        aria-label={t('plans.approval.setting')}
        data-testid="plan-approval-setting"
      />
      <Typography.Text>{t('plans.approval.setting')}</Typography.Text>
    </Space>
  )
}

/** Action plans: the open and closed plans, one opened at a time beside the list. */
export function PlansPage() {
  const { t, locale } = usePageWords(PLANS_ZH, PLANS_EN)
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe })
  const plans = useQuery({ queryKey: ['plans'], queryFn: fetchPlans })
  // A notification opens its plan (?plan=…); a finding elsewhere begins a new one (?draft=…).
  const [search, setSearch] = useSearchParams()
  const draft = readPlanDraft(search)
  const planParam = search.get('plan')
  const [open, setOpen] = useState<string | null>(planParam)
  // Opened again from the bell while the page is shown: follow the address.
  useEffect(() => {
    if (planParam) setOpen(planParam)
  }, [planParam])
  const [creating, setCreating] = useState(draft !== null)
  const closeForm = () => {
    setCreating(false)
    if (draft) setSearch({}, { replace: true })
  }
  const mayWrite = me.data?.permissions.includes('plans:write') ?? false
  const mayWork = me.data?.permissions.includes('plans:work') ?? false
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3}>{t('plans.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('plans.intro')}</Typography.Paragraph>
      <Space wrap>
        {mayWrite && (
          <Button type="primary" onClick={() => setCreating(true)} data-testid="plan-new">
            {t('plans.new')}
          </Button>
        )}
        <ApprovalSetting mayChange={me.data?.permissions.includes('organisation:write') ?? false} />
      </Space>
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
            title: t('plans.verdict'),
            dataIndex: 'verdict',
            width: 130,
            render: (v: PlanSummary['verdict']) =>
              v === null ? (
                <Typography.Text type="secondary">{t('plans.verdict.none')}</Typography.Text>
              ) : (
                <Tag color={VERDICT_COLOR[v]} data-testid="plan-row-verdict">
                  {t(`plans.verdict.${v}`)}
                </Tag>
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
      {open && (
        <PlanDrawer
          id={open}
          mayWrite={mayWrite}
          mayWork={mayWork}
          onClose={() => {
            setOpen(null)
            if (planParam) setSearch({}, { replace: true })
          }}
        />
      )}
      {creating && (
        <PlanForm
          draft={draft}
          onClose={closeForm}
          onCreated={(p) => {
            closeForm()
            void plans.refetch()
            setOpen(p.id)
          }}
        />
      )}
    </Space>
  )
}
