import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Button, Card, Empty, Popconfirm, Select, Space, Table, Tag } from 'antd'
import { api } from '../api/client'
import { Link, useNavigate } from 'react-router'
import { fetchSurveys, loadDemo } from '../api/endpoints'
import type { Survey } from '../api/types'
import { useI18n } from '../i18n/i18n'
import { localizedText } from '../components/localized-text'
import { useOrgTime } from '../components/org-time'
import type { SurveyTemplateList } from '../api/types'

const STATUS_COLOURS = { draft: 'default', published: 'green', closed: 'red' } as const

export function SurveysPage() {
  const { t, locale, errorText } = useI18n()
  const navigate = useNavigate()
  const time = useOrgTime()
  const queryClient = useQueryClient()
  const surveys = useQuery({ queryKey: ['surveys'], queryFn: fetchSurveys })
  const templates = useQuery({
    queryKey: ['templates'],
    queryFn: () => api<SurveyTemplateList>('GET', '/survey-templates').then((r) => r.templates),
  })
  const fromTemplate = useMutation({
    mutationFn: (template: string) => api<Survey>('POST', '/surveys/from-template', { template }),
    onSuccess: async (survey) => {
      await queryClient.invalidateQueries({ queryKey: ['surveys'] })
      navigate(`/surveys/${survey.id}/edit`)
    },
  })
  const demo = useMutation({
    mutationFn: loadDemo,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['surveys'] }),
  })
  const columns = [
    {
      title: t('title'),
      key: 'title',
      render: (_: unknown, s: Survey) => (
        <Link to={`/surveys/${s.id}`}>{localizedText(s.title, locale)}</Link>
      ),
    },
    {
      title: t('status'),
      key: 'status',
      render: (_: unknown, s: Survey) => (
        <Tag color={STATUS_COLOURS[s.status]}>{t(`status.${s.status}`)}</Tag>
      ),
    },
    {
      title: t('responses'),
      key: 'responses',
      align: 'right' as const,
      render: (_: unknown, s: Survey & { responses?: number }) =>
        (s.responses ?? 0).toLocaleString(),
    },
    { title: t('version'), dataIndex: 'version', key: 'version' },
    {
      title: time.heading(t('created')),
      key: 'created',
      render: (_: unknown, s: Survey) => time.dateTime(s.createdAt),
    },
    {
      title: t('actions'),
      key: 'actions',
      render: (_: unknown, s: Survey) => (
        <Space>
          <Link to={`/surveys/${s.id}`}>{t('dashboard')}</Link>
          {s.status !== 'closed' && <Link to={`/surveys/${s.id}/edit`}>{t('edit')}</Link>}
        </Space>
      ),
    },
  ]
  return (
    <Card
      title={t('surveys')}
      extra={
        <Space>
          <Select
            placeholder={t('fromTemplate')}
            style={{ width: 220 }}
            value={null as unknown as string}
            loading={fromTemplate.isPending}
            onChange={(id) => fromTemplate.mutate(id)}
            options={(templates.data ?? []).map((tpl) => ({
              value: tpl.id,
              label: `${tpl.name[locale] ?? tpl.name['zh-CN']}（${tpl.questions}）`,
              title: tpl.description[locale],
            }))}
            data-testid="from-template"
          />
          {/* Demo data mixed into real surveys would mislead: with surveys already here, ask first. */}
          {(surveys.data?.length ?? 0) > 0 ? (
            <Popconfirm
              title={t('loadDemoConfirm')}
              onConfirm={() => demo.mutate()}
              okText={t('loadDemo')}
            >
              <Button loading={demo.isPending} data-testid="load-demo">
                {t('loadDemo')}
              </Button>
            </Popconfirm>
          ) : (
            <Button onClick={() => demo.mutate()} loading={demo.isPending} data-testid="load-demo">
              {t('loadDemo')}
            </Button>
          )}
          <Button type="primary" onClick={() => navigate('/surveys/new')}>
            {t('newSurvey')}
          </Button>
        </Space>
      }
    >
      {demo.isError && (
        <div role="alert" style={{ color: '#d92d20', marginBottom: 12 }}>
          {errorText(demo.error)}
        </div>
      )}
      {fromTemplate.isError && (
        <div role="alert" style={{ color: '#d92d20', marginBottom: 12 }}>
          {errorText(fromTemplate.error)}
        </div>
      )}
      {demo.isSuccess && (
        <div role="status" style={{ color: '#027a48', marginBottom: 12 }}>
          {t('demoLoaded', { n: demo.data.responses })}
        </div>
      )}
      <Table
        rowKey="id"
        loading={surveys.isPending}
        dataSource={surveys.data ?? []}
        columns={columns}
        pagination={false}
        locale={{ emptyText: <Empty description={t('noSurveys')} /> }}
      />
    </Card>
  )
}
