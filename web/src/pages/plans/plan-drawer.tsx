import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Button,
  DatePicker,
  Descriptions,
  Drawer,
  Input,
  List,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd'
import type { Dayjs } from 'dayjs'
import { useState } from 'react'
import { Link } from 'react-router'
import { CaseOwnerPicker } from '../../components/case-owner-picker'
import { usePageWords } from '../../i18n/page-words'
import { PlanApprovalCard, PlanAttachmentsCard } from './plan-approval-card'
import { useVisibleUnits } from '../units/use-visible-units'
import { PlanEffectCard } from './plan-effect-card'
import { figureName } from './plan-form'
import {
  addPlanTask,
  fetchPlan,
  finishPlanTask,
  makeStandard,
  movePlan,
  type PlanStatus,
} from './plans-api'
import { PLANS_EN, PLANS_ZH } from './plans-words'
import { unitNameIn } from '../units/unit-name'

const NEXT: Record<PlanStatus, PlanStatus[]> = {
  plan: ['do', 'abandoned'],
  do: ['check', 'abandoned'],
  check: ['act', 'do', 'abandoned'],
  act: ['closed', 'abandoned'],
  closed: [],
  abandoned: [],
}

/** One plan: what it is about, its tasks, the next PDCA step and its measured effect. */
export function PlanDrawer({
  id,
  mayWrite,
  mayWork = mayWrite,
  onClose,
}: {
  id: string
  mayWrite: boolean
  /** May attach files (plans:work); those who may write plans may. */
  mayWork?: boolean
  onClose(): void
}) {
  const { t, locale, errorText } = usePageWords(PLANS_ZH, PLANS_EN)
  const queryClient = useQueryClient()
  const plan = useQuery({ queryKey: ['plan', id], queryFn: () => fetchPlan(id) })
  // The same query as the plan form's unit picker: names in the reader's language.
  const units = useVisibleUnits()
  const [task, setTask] = useState<{ title: string; ownerId?: string; due?: Dayjs | null }>({
    title: '',
  })
  const [reason, setReason] = useState('')
  const refresh = () =>
    queryClient
      .invalidateQueries({ queryKey: ['plan'] })
      .then(() => queryClient.invalidateQueries({ queryKey: ['plans'] }))
  const move = useMutation({
    mutationFn: (status: PlanStatus) =>
      movePlan(id, { status, ...(status === 'abandoned' ? { reason } : {}) }),
    onSuccess: refresh,
  })
  const add = useMutation({
    mutationFn: () =>
      addPlanTask(id, { title: task.title, ownerId: task.ownerId!, dueAt: task.due!.valueOf() }),
    onSuccess: () => {
      setTask({ title: '' })
      return refresh()
    },
  })
  const done = useMutation({
    mutationFn: (taskId: string) => finishPlanTask(id, taskId),
    onSuccess: refresh,
  })
  const standard = useMutation({ mutationFn: () => makeStandard(id), onSuccess: refresh })
  const date = (at: number) => new Date(at).toLocaleDateString(locale)
  const p = plan.data
  return (
    <Drawer
      open
      onClose={onClose}
      width="min(720px, 100vw)"
      title={p ? `${p.number} · ${p.title}` : ''}
      data-testid="plan-drawer"
    >
      {!p ? (
        <Spin />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('plans.status')}>
              <Tag data-testid="plan-status">{t(`plans.status.${p.status}`)}</Tag>
              {p.isStandard && <Tag color="gold">{t('plans.isStandard')}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label={t('plans.problem')}>{p.problem}</Descriptions.Item>
            <Descriptions.Item label={t('plans.cause')}>
              {PLANS_ZH[`plans.cause.${p.causeCategory}` as keyof typeof PLANS_ZH]
                ? t(`plans.cause.${p.causeCategory}` as 'plans.cause.man')
                : p.causeCategory}
              {' · '}
              {p.rootCause}
            </Descriptions.Item>
            <Descriptions.Item label={t('plans.evidence')}>
              <span data-testid="plan-evidence">
                {[
                  t(`plans.source.${p.evidence.source}`),
                  p.evidence.label,
                  p.evidence.period ? `${p.evidence.period.from} ~ ${p.evidence.period.to}` : null,
                  ...Object.entries(p.evidence.figures ?? {}).map(
                    ([name, value]) => `${figureName(t, name)} ${value}`,
                  ),
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </span>
              {p.evidence.link && p.evidence.link !== '/app/plans' && (
                <>
                  {' '}
                  <Link to={p.evidence.link.replace(/^\/app/, '')}>{t('plans.openEvidence')}</Link>
                </>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('plans.planUnits')}>
              <span data-testid="plan-unit-names">
                {p.unitIds.length === 0
                  ? t('plans.wholeOrganisation')
                  : p.unitIds
                      .map((unitId) => units.data?.find((u) => u.id === unitId))
                      .filter((u) => u !== undefined)
                      .map((u) => unitNameIn(u, locale))
                      .join(locale === 'en-US' ? ', ' : '、')}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('plans.due')}>
              {date(p.dueAt)} {p.overdue && <Tag color="red">{t('plans.overdue')}</Tag>}
            </Descriptions.Item>
          </Descriptions>
          {mayWrite && NEXT[p.status].length > 0 && (
            <Space wrap>
              {NEXT[p.status].map((s) =>
                s === 'abandoned' ? (
                  <Space.Compact key={s}>
                    <Input
                      placeholder={t('plans.abandonReason')}
                      value={reason}
                      onChange={(e) => setReason(e.target.value)}
                    />
                    <Button
                      danger
                      disabled={!reason.trim()}
                      onClick={() => move.mutate(s)}
                      data-testid="plan-move-abandoned"
                    >
                      {t('plans.move.abandoned')}
                    </Button>
                  </Space.Compact>
                ) : (
                  <Button
                    key={s}
                    type={s === NEXT[p.status][0] ? 'primary' : 'default'}
                    onClick={() => move.mutate(s)}
                    data-testid={`plan-move-${s}`}
                  >
                    {t(`plans.move.${s}` as 'plans.move.do')}
                  </Button>
                ),
              )}
              {p.status === 'act' && !p.isStandard && (
                <Button onClick={() => standard.mutate()} data-testid="plan-standard">
                  {t('plans.standard')}
                </Button>
              )}
            </Space>
          )}
          {(move.error || standard.error) && (
            <Typography.Text type="danger" data-testid="plan-move-error">
              {errorText(move.error ?? standard.error)}
            </Typography.Text>
          )}
          <Typography.Title level={5}>{t('plans.tasks')}</Typography.Title>
          <List
            size="small"
            dataSource={p.tasks}
            renderItem={(k) => (
              <List.Item
                actions={[
                  k.doneAt === null ? (
                    <Button
                      key="done"
                      size="small"
                      onClick={() => done.mutate(k.id)}
                      data-testid="plan-task-done"
                    >
                      {t('plans.task.done')}
                    </Button>
                  ) : (
                    <Tag key="done" color="green">
                      {t('plans.task.doneAt')} {date(k.doneAt)}
                    </Tag>
                  ),
                ]}
              >
                {k.title} · {date(k.dueAt)}
              </List.Item>
            )}
          />
          {mayWrite && p.status !== 'closed' && p.status !== 'abandoned' && (
            <Space wrap>
              <Input
                placeholder={t('plans.task.title')}
                value={task.title}
                onChange={(e) => setTask({ ...task, title: e.target.value })}
                data-testid="plan-task-title"
              />
              <CaseOwnerPicker
                value={task.ownerId}
                onChange={(ownerId) =>
                  setTask({ ...task, ...(ownerId ? { ownerId } : { ownerId: undefined }) })
                }
                testId="plan-task-owner"
              />
              <DatePicker
                value={task.due ?? null}
                onChange={(due) => setTask({ ...task, due })}
                data-testid="plan-task-due"
              />
              <Button
                disabled={!task.title.trim() || !task.ownerId || !task.due}
                onClick={() => add.mutate()}
                data-testid="plan-task-add"
              >
                {t('plans.task.add')}
              </Button>
            </Space>
          )}
          <PlanApprovalCard plan={p} mayWrite={mayWrite} />
          <PlanAttachmentsCard plan={p} mayWork={mayWork} />
          <PlanEffectCard plan={p} />
        </Space>
      )}
    </Drawer>
  )
}
