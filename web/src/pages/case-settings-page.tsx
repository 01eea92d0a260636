import { useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Card, Col, Form, Popconfirm, Row, Space, Typography } from 'antd'
import { useState } from 'react'
import { api } from '../api/client'
import { fetchSurveys } from '../api/endpoints'
import { localizedText } from '../components/localized-text'
import { useI18n } from '../i18n/i18n'
import {
  AuthorityLimitsCard,
  BusinessCalendarCard,
  CaseRulesCard,
  SlaTargetsCard,
} from './case-settings/case-config-cards'
import { caseConfigOf, formValuesOf, type CaseConfig } from './case-settings/case-config-form'
import {
  AnswerConditionsCard,
  CauseTaxonomyCard,
  RoutingRulesCard,
} from './case-settings/case-config-lists'
import { FeedbackImportCard } from './case-settings/feedback-import-card'
import { TextTaxonomyCard } from './case-settings/text-taxonomy-card'
import { WorkItemKindsCard } from './case-settings/work-item-kinds-card'

/**
 * Administrators set how complaints become cases, which other kinds open work items and their
 * deadlines, who may compensate how much, and the follow-up.
 */
export function CaseSettingsPage() {
  const { t, locale, errorText } = useI18n()
  const queryClient = useQueryClient()
  const config = useQuery({
    queryKey: ['case-config-full'],
    queryFn: () => api<CaseConfig>('GET', '/case-config'),
  })
  const surveys = useQuery({ queryKey: ['surveys'], queryFn: fetchSurveys })
  const users = useQuery({
    queryKey: ['users'],
    queryFn: () =>
      api<{ users: Array<{ id: string; displayName: string }> }>('GET', '/users').then(
        (r) => r.users,
      ),
  })
  const [message, setMessage] = useState<{ type: 'success' | 'error'; text: string } | null>(null)
  const [rotating, setRotating] = useState(false)
  if (!config.data) return <Card loading />
  const c = config.data
  const save = async (v: Record<string, unknown>) => {
    setMessage(null)
    const next = caseConfigOf(c, v)
    try {
      await api('PUT', '/case-config', next)
      await queryClient.invalidateQueries({ queryKey: ['case-config-full'] })
      setMessage({ type: 'success', text: t('saved') })
    } catch (e) {
      setMessage({ type: 'error', text: errorText(e) })
    }
  }
  const rotate = async () => {
    setMessage(null)
    setRotating(true)
    try {
      const { publicFormKey } = await api<{ publicFormKey: string }>(
        'POST',
        '/case-config/public-form-key/rotate',
      )
      queryClient.setQueryData<CaseConfig>(['case-config-full'], (old) =>
        old ? { ...old, publicFormKey } : old,
      )
      setMessage({ type: 'success', text: t('publicFormRotated') })
    } catch (e) {
      setMessage({ type: 'error', text: errorText(e) })
    } finally {
      setRotating(false)
    }
  }
  const initial = formValuesOf(c)
  // Question keys of every survey, to pick the one a condition watches (any survey with that key).
  const questionOptions = [
    ...new Map(
      (surveys.data ?? []).flatMap((s) =>
        s.questions.map((q) => [q.key, `${q.key} — ${localizedText(q.title, locale)}`] as const),
      ),
    ).entries(),
  ].map(([value, label]) => ({ value, label }))
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('caseSettings')}
      </Typography.Title>
      {c.publicFormKey && (
        <Alert
          type="info"
          showIcon
          title={
            <>
              {t('publicComplaintForm')}:{' '}
              <Typography.Text
                copyable
                data-testid="public-form-link"
              >{`${window.location.origin}/complain/${c.publicFormKey}`}</Typography.Text>
            </>
          }
          action={
            <Popconfirm
              title={t('publicFormRotateConfirm')}
              onConfirm={rotate}
              okText={t('publicFormRotate')}
            >
              <Button size="small" loading={rotating} data-testid="rotate-public-form">
                {t('publicFormRotate')}
              </Button>
            </Popconfirm>
          }
        />
      )}
      <Form layout="vertical" initialValues={initial} onFinish={save}>
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <CaseRulesCard surveys={surveys.data} />
          </Col>
          <Col xs={24} lg={12}>
            <AuthorityLimitsCard />
          </Col>
          <Col xs={24} lg={12}>
            <SlaTargetsCard />
          </Col>
          <Col xs={24} lg={12}>
            <BusinessCalendarCard timezone={c.calendar.timezone} />
          </Col>
          <Col xs={24}>
            <WorkItemKindsCard />
          </Col>
          <Col xs={24}>
            <RoutingRulesCard users={users.data} defaultDepartment={c.defaultDepartment} />
          </Col>
          <Col xs={24}>
            <AnswerConditionsCard questionOptions={questionOptions} />
          </Col>
          <Col xs={24}>
            <CauseTaxonomyCard />
          </Col>
        </Row>
        {message && (
          <Alert
            type={message.type}
            title={message.text}
            showIcon
            style={{ margin: '12px 0' }}
            data-testid="settings-message"
          />
        )}
        <Button
          type="primary"
          htmlType="submit"
          style={{ marginTop: 12 }}
          data-testid="save-case-settings"
        >
          {t('save')}
        </Button>
      </Form>
      <TextTaxonomyCard />
      <FeedbackImportCard />
    </Space>
  )
}
