import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Card, Empty, Select, Space, Table, Tag, Typography } from 'antd'
import { useRef, useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { fetchMe } from '../../api/endpoints'
import { useOrgTime } from '../../components/org-time'
import { useVisibleUnits } from '../units/use-visible-units'
import { AssessmentDialog } from './assessment-dialog'
import { type Assessment, fetchAssessments, fetchInstrument, planFromGap } from './maturity-api'
import { type MaturityWords, useMaturityWords } from './maturity-words'
import { unitNameIn } from '../units/unit-name'

const STAGE_COLOURS = ['', 'default', 'blue', 'cyan', 'green'] as const

/**
 * Service maturity (issue 19): each unit's current stage, a unit's assessments over time, one
 * assessment's dimension scores and gaps to the next stage, each gap made into an action plan
 * (src/server/routes/maturity.routes.ts).
 */
export function MaturityPage() {
  const words = useMaturityWords()
  const { t, locale, errorText } = words
  const orgTime = useOrgTime()
  const queryClient = useQueryClient()
  const [search] = useSearchParams()
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe })
  const may = (p: string) => me.data?.permissions.includes(p as never) ?? false
  const units = useVisibleUnits()
  const instrument = useQuery({ queryKey: ['maturity-instrument'], queryFn: fetchInstrument })
  const assessments = useQuery({ queryKey: ['maturity-assessments'], queryFn: fetchAssessments })
  const [chosenUnit, setChosenUnit] = useState<string | undefined>(search.get('unit') ?? undefined)
  const [chosenId, setChosenId] = useState<string>()
  const [dialog, setDialog] = useState<'new' | Assessment | null>(null)
  const openUnits = (units.data ?? []).filter((u) => u.closedAt === null)
  const unitId = chosenUnit ?? openUnits[0]?.id
  const unitName = (id: string) => {
    const unit = units.data?.find((u) => u.id === id)
    if (!unit) return id
    return unitNameIn(unit, locale)
  }
  const all = assessments.data ?? []
  const history = all.filter((a) => a.unitId === unitId)
  const chosen = history.find((a) => a.id === chosenId) ?? history[0]
  const latestByUnit = [...new Map([...all].reverse().map((a) => [a.unitId, a])).values()].sort(
    (a, b) => a.unit.code.localeCompare(b.unit.code),
  )
  const stageName = (n: number) =>
    instrument.data?.stages.find((s) => s.stage === n)?.name[locale] ?? String(n)
  const stageTag = (n: number) => (
    <Tag color={STAGE_COLOURS[n]}>{t('mat.stage', { n, name: stageName(n) })}</Tag>
  )
  const error = units.error ?? instrument.error ?? assessments.error
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['maturity-assessments'] })

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('mat.title')}>
        <Typography.Paragraph type="secondary">{t('mat.intro')}</Typography.Paragraph>
        <Space wrap>
          <span>{t('mat.unit')}</span>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            value={unitId}
            onChange={(v) => {
              setChosenUnit(v)
              setChosenId(undefined)
            }}
            placeholder={t('mat.pickUnit')}
            options={openUnits.map((u) => ({
              value: u.id,
              label: `${unitName(u.id)} (${u.code})`,
            }))}
            style={{ width: 280, maxWidth: '100%' }}
            aria-label={t('mat.unit')}
            data-testid="mat-unit"
          />
          {may('maturity:assess') && unitId && instrument.data && (
            <Button type="primary" onClick={() => setDialog('new')} data-testid="mat-new">
              {t('mat.new')}
            </Button>
          )}
        </Space>
        {error && (
          <Alert type="error" showIcon title={errorText(error)} style={{ marginTop: 12 }} />
        )}
      </Card>
      <Card title={t('mat.byUnit')}>
        <Table
          size="small"
          rowKey="unitId"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={latestByUnit}
          loading={assessments.isLoading}
          locale={{ emptyText: <Empty description={t('mat.byUnit.none')} /> }}
          onRow={(a) => ({
            onClick: () => {
              setChosenUnit(a.unitId)
              setChosenId(undefined)
            },
            style: { cursor: 'pointer' },
          })}
          data-testid="mat-by-unit"
          columns={[
            {
              title: t('mat.col.unit'),
              render: (_, a) => `${unitName(a.unitId)} (${a.unit.code})`,
            },
            { title: t('mat.col.date'), dataIndex: 'assessedOn' },
            { title: t('mat.col.stage'), render: (_, a) => stageTag(a.stage) },
          ]}
        />
      </Card>
      {unitId && (
        <Card title={t('mat.history', { unit: unitName(unitId) })}>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={history}
            locale={{ emptyText: <Empty description={t('mat.history.none')} /> }}
            data-testid="mat-history"
            columns={[
              { title: t('mat.col.date'), dataIndex: 'assessedOn' },
              { title: t('mat.col.stage'), render: (_, a) => stageTag(a.stage) },
              {
                title: '',
                render: (_, a) => (
                  <Space>
                    <Button size="small" onClick={() => setChosenId(a.id)}>
                      {t('mat.open')}
                    </Button>
                    {may('maturity:assess') && (
                      <Button size="small" onClick={() => setDialog(a)} data-testid="mat-edit">
                        {t('mat.edit')}
                      </Button>
                    )}
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      )}
      {chosen && instrument.data && (
        <AssessmentResult
          words={words}
          assessment={chosen}
          stageName={stageName}
          stageTag={stageTag}
          instrument={instrument.data}
          mayPlan={may('plans:write')}
          onPlanned={refresh}
        />
      )}
      {dialog && instrument.data && unitId && (
        <AssessmentDialog
          words={words}
          instrument={instrument.data}
          unitId={dialog === 'new' ? unitId : dialog.unitId}
          unitName={unitName(dialog === 'new' ? unitId : dialog.unitId)}
          today={orgTime.dateTime(new Date().toISOString()).slice(0, 10)}
          editing={dialog === 'new' ? null : dialog}
          onClose={() => setDialog(null)}
          onSaved={(a) => {
            setDialog(null)
            setChosenUnit(a.unitId)
            setChosenId(a.id)
            void refresh()
          }}
        />
      )}
    </Space>
  )
}

function AssessmentResult(props: {
  words: MaturityWords
  assessment: Assessment
  instrument: NonNullable<Awaited<ReturnType<typeof fetchInstrument>>>
  stageName: (n: number) => string
  stageTag: (n: number) => React.ReactNode
  mayPlan: boolean
  onPlanned: () => unknown
}) {
  const { t, locale, errorText } = props.words
  const a = props.assessment
  const dims = props.instrument.dimensions
  const dimension = (key: string) => dims.find((d) => d.key === key)
  const item = (key: string) => dims.flatMap((d) => d.items).find((i) => i.key === key)
  // One plan per gap (the server makes one however often it is asked): while a plan is being made
  // and the assessment read again, no button starts another; the ref also stops a second click
  // that comes before React has re-rendered the first one's pending state.
  const asked = useRef(false)
  const planning = useMutation({
    mutationFn: (dim: string) => planFromGap(a.id, dim, locale),
    // Waits for the assessment to be read again, so the button gives way to the plan's link.
    onSuccess: () => props.onPlanned(),
    onSettled: () => {
      asked.current = false
    },
  })
  const plan = (dim: string) => {
    if (asked.current) return
    asked.current = true
    planning.mutate(dim)
  }
  return (
    <Card
      title={t('mat.result', { date: a.assessedOn })}
      extra={props.stageTag(a.stage)}
      data-testid="mat-result"
    >
      {a.note && <Typography.Paragraph>{t('mat.note', { note: a.note })}</Typography.Paragraph>}
      <Table
        size="small"
        rowKey="key"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={a.dimensions}
        columns={[
          { title: t('mat.col.dimension'), render: (_, d) => dimension(d.key)?.name[locale] },
          { title: t('mat.col.score'), render: (_, d) => d.score.toFixed(1) },
          { title: t('mat.col.stage'), render: (_, d) => props.stageTag(d.stage) },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {a.nextStage === null
          ? t('mat.gaps.top')
          : t('mat.gaps', { stage: props.stageName(a.nextStage) })}
      </Typography.Title>
      {a.gaps.map((g) => (
        <Card
          key={g.dimension}
          size="small"
          style={{ marginBottom: 8 }}
          title={dimension(g.dimension)?.name[locale]}
          data-testid={`mat-gap-${g.dimension}`}
          extra={
            g.planId ? (
              <Link to={`/plans?plan=${encodeURIComponent(g.planId)}`}>
                {t('mat.gap.openPlan')}
              </Link>
            ) : (
              props.mayPlan && (
                <Button
                  size="small"
                  loading={planning.isPending && planning.variables === g.dimension}
                  disabled={planning.isPending}
                  onClick={() => plan(g.dimension)}
                  data-testid={`mat-plan-${g.dimension}`}
                >
                  {t('mat.gap.plan')}
                </Button>
              )
            )
          }
        >
          {g.items.map((x) => {
            const it = item(x.item)
            return (
              <Typography.Paragraph key={x.item} style={{ marginBottom: 4 }}>
                {t('mat.gap.item', {
                  item: it?.title[locale] ?? x.item,
                  rating: x.rating,
                  required: x.required,
                  anchor: it?.anchors[x.required - 1]?.[locale] ?? '',
                })}
              </Typography.Paragraph>
            )
          })}
        </Card>
      ))}
      {planning.error && <Alert type="error" showIcon title={errorText(planning.error)} />}
    </Card>
  )
}
