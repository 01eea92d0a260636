import { useMutation, useQuery } from '@tanstack/react-query'
import { Alert, DatePicker, Form, Input, Modal, Select } from 'antd'
import type { Dayjs } from 'dayjs'
import { useState } from 'react'
import { CaseOwnerPicker } from '../../components/case-owner-picker'
import { usePageWords } from '../../i18n/page-words'
import { useVisibleUnits } from '../units/use-visible-units'
import { causeOptions } from './cause-options'
import type { PlanDraft } from './plan-draft'
import { createPlan, fetchPlans, type PlanDetail } from './plans-api'
import { PLANS_EN, PLANS_ZH } from './plans-words'
import { unitNameIn } from '../units/unit-name'

interface FormValues {
  title: string
  problem: string
  causeCategory: string
  rootCause: string
  metric: 'nps' | 'csat' | 'ces'
  goal: 'increase' | 'decrease'
  unitIds?: string[]
  ownerId: string
  due: Dayjs
}

/**
 * A new plan: by hand (the evidence says it was made on this page), or begun from a finding
 * (`draft`: the form filled in from it, its evidence attached as it was).
 */
export function PlanForm({
  onClose,
  onCreated,
  draft,
}: {
  onClose(): void
  onCreated(plan: PlanDetail): void
  draft?: PlanDraft | null
}) {
  const { t, locale } = usePageWords(PLANS_ZH, PLANS_EN)
  const [form] = Form.useForm<FormValues>()
  const units = useVisibleUnits()
  // The organisation's own cause categories are those its plans use (the plans page's list).
  const plans = useQuery({ queryKey: ['plans'], queryFn: fetchPlans })
  const [typedCause, setTypedCause] = useState('')
  const save = useMutation({
    mutationFn: (v: FormValues) =>
      createPlan({
        title: v.title,
        problem: v.problem,
        causeCategory: v.causeCategory,
        rootCause: v.rootCause,
        metric: v.metric,
        goal: v.goal,
        unitIds: v.unitIds ?? [],
        ownerId: v.ownerId,
        dueAt: v.due.endOf('day').valueOf(),
        evidence: draft?.evidence ?? { source: 'manual', link: '/app/plans' },
      }),
    onSuccess: onCreated,
  })
  return (
    <Modal
      open
      title={t('plans.new')}
      okText={t('plans.save')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      width="min(640px, 100vw)"
    >
      {draft && (
        <Alert
          type="info"
          data-testid="plan-draft-evidence"
          style={{ marginBottom: 12 }}
          message={`${t(`plans.source.${draft.evidence.source}`)}${draft.evidence.label ? ` · ${draft.evidence.label}` : ''}`}
          description={Object.entries(draft.evidence.figures ?? {})
            .map(([name, value]) => `${figureName(t, name)} ${value}`)
            .join(' · ')}
        />
      )}
      {save.error && (
        <Alert type="error" message={String(save.error)} style={{ marginBottom: 12 }} />
      )}
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          metric: draft?.metric ?? 'nps',
          goal: 'increase',
          causeCategory: 'method',
          ...(draft ? { title: draft.title, problem: draft.problem } : {}),
          ...(draft?.unitIds ? { unitIds: draft.unitIds } : {}),
        }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="title" label={t('plans.name')} rules={[{ required: true }]}>
          <Input data-testid="plan-title" maxLength={200} />
        </Form.Item>
        <Form.Item name="problem" label={t('plans.problem')} rules={[{ required: true }]}>
          <Input.TextArea data-testid="plan-problem" rows={2} />
        </Form.Item>
        <Form.Item name="causeCategory" label={t('plans.cause')}>
          <Select
            data-testid="plan-cause"
            showSearch
            onSearch={setTypedCause}
            onChange={() => setTypedCause('')}
            filterOption={(input, option) =>
              String(option?.label ?? '')
                .toLowerCase()
                .includes(input.trim().toLowerCase())
            }
            options={causeOptions(
              t,
              (plans.data ?? []).map((p) => p.causeCategory),
              typedCause,
            )}
          />
        </Form.Item>
        <Form.Item name="rootCause" label={t('plans.rootCause')} rules={[{ required: true }]}>
          <Input.TextArea data-testid="plan-root-cause" rows={2} />
        </Form.Item>
        <Form.Item name="metric" label={t('plans.metric')}>
          <Select
            options={[
              { value: 'nps', label: 'NPS' },
              { value: 'csat', label: 'CSAT' },
              { value: 'ces', label: 'CES' },
            ]}
          />
        </Form.Item>
        <Form.Item name="goal" label={t('plans.goal')}>
          <Select
            options={[
              { value: 'increase', label: t('plans.goal.increase') },
              { value: 'decrease', label: t('plans.goal.decrease') },
            ]}
          />
        </Form.Item>
        <Form.Item name="unitIds" label={t('plans.units')}>
          <Select
            mode="multiple"
            data-testid="plan-units"
            optionFilterProp="label"
            options={(units.data ?? [])
              .filter((u) => u.closedAt === null)
              .map((u) => ({
                value: u.id,
                label: unitNameIn(u, locale),
              }))}
          />
        </Form.Item>
        <Form.Item name="ownerId" label={t('plans.owner')} rules={[{ required: true }]}>
          <CaseOwnerPicker
            value={form.getFieldValue('ownerId')}
            onChange={(v) => form.setFieldValue('ownerId', v)}
            testId="plan-owner"
          />
        </Form.Item>
        <Form.Item name="due" label={t('plans.due')} rules={[{ required: true }]}>
          <DatePicker data-testid="plan-due" />
        </Form.Item>
      </Form>
    </Modal>
  )
}

/** A figure's name in words, or as stored when it has none. */
export function figureName(t: (key: never) => string, name: string): string {
  const key = `plans.figure.${name}`
  return key in PLANS_ZH ? (t as (k: string) => string)(key) : name
}
