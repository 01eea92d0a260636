import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  Progress,
  Select,
  Space,
  Table,
  Tag,
  TreeSelect,
  Typography,
} from 'antd'
import { useEffect, useRef, useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { fetchMe } from '../../api/endpoints'
import { usePageWords } from '../../i18n/page-words'
import { useVisibleUnits } from '../units/use-visible-units'
import { unitTreeSelectData } from '../units/unit-tree-select'
import {
  type ChurnModelSummary,
  type ChurnTraining,
  fetchChurnModel,
  fetchChurnRisks,
  fetchChurnTraining,
  openRetentionPlan,
  trainChurnModel,
} from './churn-api'
import { CHURN_EN, CHURN_ZH } from './churn-words'
import { unitNameIn } from '../units/unit-name'

type Words = ReturnType<typeof usePageWords<keyof typeof CHURN_ZH>>

const percent = (x: number) => `${(x * 100).toFixed(1)}%`
const DAY_MS = 86_400_000

/**
 * Churn risk (/customers/churn): the organisation's model and its test on a later window (AUC,
 * calibration, coefficients), and the customers at risk per unit, from which a retention plan opens.
 */
export function ChurnPage() {
  const words = usePageWords(CHURN_ZH, CHURN_EN)
  const { t, errorText } = words
  const client = useQueryClient()
  const model = useQuery({ queryKey: ['churn-model'], queryFn: fetchChurnModel })
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe })
  // The server answers at once with the training it started; the progress below follows it.
  const retrain = useMutation({
    mutationFn: trainChurnModel,
    onSuccess: (training) => client.setQueryData(['churn-training'], training),
  })
  // A training under way (the daily job's or a user's) shows how far it has read; polled each
  // second while one runs or this page started one, every 10 s otherwise.
  const training = useQuery({
    queryKey: ['churn-training'],
    queryFn: fetchChurnTraining,
    refetchInterval: (q) => (q.state.data || retrain.isPending ? 1000 : 10_000),
  })
  const wasTraining = useRef(false)
  useEffect(() => {
    const running = Boolean(training.data)
    if (wasTraining.current && !running) {
      void client.invalidateQueries({ queryKey: ['churn-model'] })
      void client.invalidateQueries({ queryKey: ['churn'] })
    }
    wasTraining.current = running
  }, [training.data, client])
  const mayTrain = me.data?.permissions.includes('analyses:run') ?? false
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle" data-testid="churn-page">
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('churn.title')}
        </Typography.Title>
        {mayTrain && (
          <Button
            loading={retrain.isPending || Boolean(training.data)}
            onClick={() => retrain.mutate()}
            data-testid="churn-retrain"
          >
            {t('churn.retrain')}
          </Button>
        )}
      </Space>
      <Typography.Paragraph type="secondary">{t('churn.intro')}</Typography.Paragraph>
      {retrain.isError && <Alert type="error" showIcon message={errorText(retrain.error)} />}
      {training.data && <TrainingProgress training={training.data} words={words} />}
      {model.isLoading ? (
        <Card loading />
      ) : model.data ? (
        <ModelView summary={model.data} words={words} />
      ) : (
        <Alert type="info" showIcon message={t('churn.none')} />
      )}
      <RiskList words={words} modelId={model.data?.id ?? null} />
    </Space>
  )
}

function TrainingProgress({ training, words }: { training: ChurnTraining; words: Words }) {
  const { t, locale } = words
  const total = Math.max(training.customersTotal, 1)
  return (
    <Alert
      type="info"
      showIcon
      data-testid="churn-training"
      message={t('churn.training', {
        started: new Date(training.startedAt).toLocaleTimeString(locale),
        read: training.customersRead.toLocaleString(locale),
        total: training.customersTotal.toLocaleString(locale),
      })}
      description={
        <Progress
          percent={Math.min(100, Math.floor((training.customersRead / total) * 100))}
          status="active"
        />
      }
    />
  )
}

function ModelView({ summary, words }: { summary: ChurnModelSummary; words: Words }) {
  const { t, locale } = words
  const date = (at: number) => new Date(at).toLocaleDateString(locale)
  const m = summary.model
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 1, md: 2, lg: 3 }}
          data-testid="churn-model"
        >
          <Descriptions.Item label={t('churn.trainedAt')}>
            {new Date(summary.trainedAt).toLocaleString(locale)}
          </Descriptions.Item>
          <Descriptions.Item label={t('churn.horizon')}>
            {t('churn.horizonDays', { days: summary.horizonDays })}
          </Descriptions.Item>
          <Descriptions.Item label={t('churn.windows')}>
            {date(summary.trainCutoff)} / {date(summary.validationCutoff)}
          </Descriptions.Item>
          {m && (
            <>
              <Descriptions.Item label={t('churn.auc')}>
                <span data-testid="churn-auc">
                  {m.validation.auc.toFixed(3)} ({m.validation.aucCi95[0].toFixed(3)}–
                  {m.validation.aucCi95[1].toFixed(3)})
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={t('churn.rows')}>
                {m.trainRows} / {m.validation.rows}
              </Descriptions.Item>
              <Descriptions.Item label={t('churn.rates')}>
                {percent(m.trainChurnRate)} / {percent(m.validation.churnRate)}
              </Descriptions.Item>
              <Descriptions.Item label={t('churn.hl')}>
                Ĉ = {m.validation.hosmerLemeshow.statistic.toFixed(2)}, df ={' '}
                {m.validation.hosmerLemeshow.df}, p = {m.validation.hosmerLemeshow.p.toFixed(3)}
              </Descriptions.Item>
            </>
          )}
        </Descriptions>
        {summary.reason && <Alert type="warning" showIcon message={t('churn.notEnough')} />}
      </Card>
      {m && (
        <Space wrap align="start" size="middle" style={{ width: '100%' }}>
          <Card title={t('churn.calibration')} size="small" style={{ maxWidth: 520 }}>
            <Table
              size="small"
              pagination={false}
              rowKey={(_, i) => String(i)}
              dataSource={m.validation.calibration.map((g, i) => ({ ...g, group: i + 1 }))}
              data-testid="churn-calibration"
              columns={[
                { title: t('churn.decile'), dataIndex: 'group' },
                { title: t('churn.n'), dataIndex: 'n', align: 'right' },
                {
                  title: t('churn.predicted'),
                  dataIndex: 'meanPredicted',
                  align: 'right',
                  render: percent,
                },
                {
                  title: t('churn.observed'),
                  dataIndex: 'observedRate',
                  align: 'right',
                  render: percent,
                },
              ]}
            />
          </Card>
          <Card title={t('churn.coefficients')} size="small" style={{ maxWidth: 560 }}>
            <Table
              size="small"
              pagination={false}
              rowKey="name"
              dataSource={m.features}
              scroll={{ x: true }}
              columns={[
                {
                  title: t('churn.feature'),
                  dataIndex: 'name',
                  render: (name: string) => t(`churn.f.${name}` as keyof typeof CHURN_ZH),
                },
                {
                  title: t('churn.coefficient'),
                  dataIndex: 'coefficient',
                  align: 'right',
                  render: (c: number | null) => (c === null ? '—' : c.toFixed(3)),
                },
                {
                  title: t('churn.se'),
                  dataIndex: 'standardError',
                  align: 'right',
                  render: (c: number | null) => (c === null ? '—' : c.toFixed(3)),
                },
                {
                  title: t('churn.direction'),
                  dataIndex: 'coefficient',
                  key: 'direction',
                  render: (c: number | null) =>
                    c === null ? (
                      <Typography.Text type="secondary">{t('churn.unused')}</Typography.Text>
                    ) : (
                      <Tag color={c > 0 ? 'red' : 'green'}>
                        {c > 0 ? t('churn.up') : t('churn.down')}
                      </Tag>
                    ),
                },
              ]}
            />
          </Card>
        </Space>
      )}
    </Space>
  )
}

function RiskList({ words, modelId }: { words: Words; modelId: string | null }) {
  const { t, errorText, locale } = words
  const client = useQueryClient()
  const [search, setSearch] = useSearchParams()
  const unitId = search.get('unitId') ?? undefined
  const minRisk = Number(search.get('minRisk') ?? '0.5')
  const [selected, setSelected] = useState<string[]>([])
  const units = useVisibleUnits()
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe })
  const risks = useQuery({
    queryKey: ['churn', 'risks', unitId, minRisk, modelId],
    queryFn: () => fetchChurnRisks(unitId, minRisk),
  })
  const plan = useMutation({
    mutationFn: () =>
      openRetentionPlan({
        customerIds: selected,
        unitId: unitId ?? null,
        ownerId: me.data!.user!.id,
        dueAt: Date.now() + 30 * DAY_MS,
      }),
    onSuccess: () => {
      setSelected([])
      client.invalidateQueries({ queryKey: ['churn'] })
    },
  })
  const unitName = new Map((units.data ?? []).map((u) => [u.id, unitNameIn(u, locale)]))
  const mayPlan = me.data?.permissions.includes('plans:write') && me.data.user !== null
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(search)
    if (value === undefined) next.delete(key)
    else next.set(key, value)
    setSearch(next, { replace: true })
  }
  return (
    <Card title={t('churn.list')}>
      <Space wrap style={{ marginBottom: 12 }}>
        <TreeSelect
          allowClear
          placeholder={t('churn.allUnits')}
          value={unitId}
          treeData={unitTreeSelectData(units.data ?? [], locale)}
          onChange={(v: string | undefined) => set('unitId', v)}
          style={{ minWidth: 220 }}
          data-testid="churn-unit"
        />
        <Select
          value={minRisk}
          onChange={(v: number) => set('minRisk', String(v))}
          options={[0, 0.3, 0.5, 0.7, 0.9].map((v) => ({
            value: v,
            label: `${t('churn.minRisk')} ${percent(v)}`,
          }))}
          style={{ minWidth: 160 }}
        />
        {mayPlan && (
          <Button
            type="primary"
            disabled={selected.length === 0}
            loading={plan.isPending}
            onClick={() => plan.mutate()}
            data-testid="churn-open-plan"
          >
            {t('churn.openPlan', { n: selected.length })}
          </Button>
        )}
      </Space>
      {plan.isError && <Alert type="error" showIcon message={errorText(plan.error)} />}
      {plan.data && (
        <Alert
          type="success"
          showIcon
          message={t('churn.planOpened')}
          action={<Link to={`/plans?plan=${plan.data.planId}`}>{t('churn.viewPlan')}</Link>}
          style={{ marginBottom: 12 }}
          data-testid="churn-plan-opened"
        />
      )}
      <Table
        size="small"
        rowKey="customerId"
        loading={risks.isLoading}
        dataSource={risks.data?.risks ?? []}
        scroll={{ x: 720 }}
        pagination={{ pageSize: 20 }}
        locale={{ emptyText: <Empty description={t('churn.empty')} /> }}
        data-testid="churn-risks"
        {...(mayPlan
          ? {
              rowSelection: {
                selectedRowKeys: selected,
                onChange: (keys: React.Key[]) => setSelected(keys.map(String)),
              },
            }
          : {})}
        columns={[
          {
            title: t('churn.customer'),
            dataIndex: 'customerId',
            render: (id: string) => <Link to={`/customers/${id}`}>{t('churn.openCustomer')}</Link>,
          },
          {
            title: t('churn.unit'),
            dataIndex: 'unitId',
            render: (id: string | null) => (id ? (unitName.get(id) ?? id) : '—'),
          },
          {
            title: t('churn.risk'),
            dataIndex: 'risk',
            align: 'right',
            render: (r: number) => (
              <Tag color={r >= 0.7 ? 'red' : r >= 0.4 ? 'orange' : 'green'}>{percent(r)}</Tag>
            ),
          },
          {
            title: t('churn.f.recency'),
            key: 'recency',
            align: 'right',
            render: (_: unknown, r) => r.features.recency?.toFixed(0),
          },
          {
            title: t('churn.f.lastSatisfaction'),
            key: 'satisfaction',
            align: 'right',
            render: (_: unknown, r) => r.features.lastSatisfaction?.toFixed(1),
          },
          {
            title: t('churn.f.unrecoveredComplaints'),
            key: 'unrecovered',
            align: 'right',
            render: (_: unknown, r) => r.features.unrecoveredComplaints,
          },
          {
            title: t('churn.plan'),
            dataIndex: 'actionPlanId',
            render: (id: string | null) =>
              id ? <Link to={`/plans?plan=${id}`}>{t('churn.viewPlan')}</Link> : '—',
          },
        ]}
      />
    </Card>
  )
}
