import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd'
import { useState } from 'react'
import { api } from '../../api/client'
import { fetchMe } from '../../api/endpoints'
import { replyScriptsEnUS } from '../../i18n/reply-scripts.en-US'
import { replyScriptsZhCN } from '../../i18n/reply-scripts.zh-CN'
import { usePageWords } from '../../i18n/page-words'
import { wordFor } from '../../charts/chart-words'
import type { ReplyScript } from './reply-scripts-api'

interface ScriptForm {
  kind: 'reply' | 'apology'
  cause?: string
  channel?: string
  title: string
  bodyZh: string
  bodyEn?: string
  active: boolean
}

/** The intro names the variables as a script writes them (the words' own {…} would fill them). */
const VARIABLES_AS_WRITTEN = {
  customerName: '{customerName}',
  caseNumber: '{caseNumber}',
  deadline: '{deadline}',
}

/** The channels a case comes in by (their words are the case page's). */
const CHANNELS = ['hotline', 'web', 'email', 'store', 'social', 'survey', 'note', 'api']

/**
 * The script library (话术, issue 19): every reply and apology script with its cause and channel,
 * how often it was used and the recovery rate of the resolved cases where it was (with n and a
 * 95% interval); case settings administrators add and edit them.
 */
export function ReplyScriptsPage() {
  const { t, errorText } = usePageWords(replyScriptsZhCN, replyScriptsEnUS)
  const queryClient = useQueryClient()
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe })
  const canEdit = me.data?.permissions.includes('cases:configure') ?? false
  const scripts = useQuery({
    queryKey: ['reply-scripts'],
    queryFn: () => api<{ scripts: ReplyScript[] }>('GET', '/reply-scripts').then((r) => r.scripts),
  })
  const [editing, setEditing] = useState<ReplyScript | 'new' | null>(null)
  const [form] = Form.useForm<ScriptForm>()
  const save = useMutation({
    mutationFn: (values: ScriptForm) => {
      const body = {
        ...values,
        cause: values.cause?.trim() || null,
        channel: values.channel || null,
        bodyEn: values.bodyEn?.trim() || null,
      }
      return editing === 'new' || editing === null
        ? api('POST', '/reply-scripts', body)
        : api('PUT', `/reply-scripts/${editing.id}`, body)
    },
    onSuccess: async () => {
      setEditing(null)
      await queryClient.invalidateQueries({ queryKey: ['reply-scripts'] })
    },
  })
  const open = (script: ReplyScript | 'new') => {
    setEditing(script)
    form.setFieldsValue(
      script === 'new'
        ? { kind: 'apology', title: '', bodyZh: '', active: true }
        : {
            kind: script.kind,
            cause: script.cause ?? undefined,
            channel: script.channel ?? undefined,
            title: script.title,
            bodyZh: script.bodyZh,
            bodyEn: script.bodyEn ?? undefined,
            active: script.active,
          },
    )
  }
  const percent = (v: number) => `${(100 * v).toFixed(0)}%`
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={t('rs.title')}
        extra={
          canEdit && (
            <Button type="primary" onClick={() => open('new')} data-testid="rs-new">
              {t('rs.new')}
            </Button>
          )
        }
      >
        <Typography.Paragraph type="secondary" data-testid="rs-intro">
          {t('rs.intro', VARIABLES_AS_WRITTEN)}
        </Typography.Paragraph>
        {scripts.isError && <Alert type="error" title={errorText(scripts.error)} showIcon />}
        <Table<ReplyScript>
          size="small"
          rowKey="id"
          loading={scripts.isLoading}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="rs-table"
          dataSource={scripts.data ?? []}
          columns={[
            {
              title: t('rs.titleField'),
              render: (_, s) => (
                <Space size={4} wrap>
                  {s.title}
                  {!s.active && <Tag>{t('rs.retired')}</Tag>}
                </Space>
              ),
            },
            { title: t('rs.kind'), render: (_, s) => t(`rs.kind.${s.kind}`) },
            { title: t('rs.cause'), render: (_, s) => s.cause ?? t('rs.any') },
            {
              title: t('rs.channel'),
              render: (_, s) => (s.channel ? wordFor(t, 'caseChannel', s.channel) : t('rs.any')),
            },
            { title: t('rs.uses'), render: (_, s) => s.uses },
            {
              title: t('rs.recovery'),
              render: (_, s) =>
                s.recovery.rate === null || !s.recovery.ci95
                  ? t('rs.noResolved')
                  : t('rs.recoveryOf', {
                      rate: percent(s.recovery.rate),
                      recovered: s.recovery.recovered,
                      n: s.recovery.n,
                      low: percent(s.recovery.ci95[0]),
                      high: percent(s.recovery.ci95[1]),
                    }),
            },
            ...(canEdit
              ? [
                  {
                    title: '',
                    key: 'edit',
                    render: (_: unknown, s: ReplyScript) => (
                      <Button size="small" onClick={() => open(s)}>
                        {t('rs.edit')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('rs.new') : t('rs.edit')}
        okText={t('rs.save')}
        cancelText={t('rs.cancel')}
        confirmLoading={save.isPending}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        {save.isError && <Alert type="error" title={errorText(save.error)} showIcon />}
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
          <Form.Item name="kind" label={t('rs.kind')} rules={[{ required: true }]}>
            <Select
              options={(['apology', 'reply'] as const).map((k) => ({
                value: k,
                label: t(`rs.kind.${k}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="title" label={t('rs.titleField')} rules={[{ required: true }]}>
            <Input data-testid="rs-title" maxLength={200} />
          </Form.Item>
          <Space wrap>
            <Form.Item name="cause" label={t('rs.cause')}>
              <Input placeholder={t('rs.any')} maxLength={100} />
            </Form.Item>
            <Form.Item name="channel" label={t('rs.channel')}>
              <Select
                allowClear
                style={{ minWidth: 140 }}
                placeholder={t('rs.any')}
                options={CHANNELS.map((c) => ({ value: c, label: wordFor(t, 'caseChannel', c) }))}
              />
            </Form.Item>
          </Space>
          <Form.Item name="bodyZh" label={t('rs.bodyZh')} rules={[{ required: true }]}>
            <Input.TextArea rows={3} data-testid="rs-body-zh" maxLength={4000} />
          </Form.Item>
          <Form.Item name="bodyEn" label={t('rs.bodyEn')}>
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
          <Form.Item name="active" label={t('rs.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  )
}
