import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert as Notice,
  Button,
  Empty,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  message,
} from 'antd'
import { useState } from 'react'
import { usePageWords } from '../../i18n/page-words'
import {
  addRobotChannel,
  deleteRobotChannel,
  fetchRobotChannels,
  type RobotChannel,
  testRobotChannel,
} from './alerts-api'
import { ALERTS_EN, ALERTS_ZH } from './alerts-words'

interface RobotValues {
  kind: RobotChannel['kind']
  name: string
  url: string
  secret?: string
  locale: 'zh-CN' | 'en-US'
}

/** The organisation's group robots (WeCom, DingTalk, Feishu): added, tested, removed. */
export function RobotChannelsCard() {
  const { t, errorText } = usePageWords(ALERTS_ZH, ALERTS_EN)
  const client = useQueryClient()
  const channels = useQuery({ queryKey: ['robot-channels'], queryFn: fetchRobotChannels })
  const [adding, setAdding] = useState(false)
  const [form] = Form.useForm<RobotValues>()
  const refresh = () => client.invalidateQueries({ queryKey: ['robot-channels'] })
  const add = useMutation({
    mutationFn: (v: RobotValues) => addRobotChannel({ ...v, secret: v.secret || undefined }),
    onSuccess: () => {
      setAdding(false)
      form.resetFields()
      void refresh()
    },
  })
  const test = useMutation({
    mutationFn: testRobotChannel,
    onSuccess: (r) =>
      r.delivered
        ? void message.success(t('alerts.robots.tested'))
        : void message.error(t('alerts.robots.failed', { error: r.error ?? '' })),
  })
  const remove = useMutation({ mutationFn: deleteRobotChannel, onSuccess: refresh })
  const error = test.error ?? remove.error
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Button type="primary" onClick={() => setAdding(true)} data-testid="robot-add">
        {t('alerts.robots.add')}
      </Button>
      {error && <Notice type="error" showIcon title={errorText(error)} />}
      <Table
        rowKey="id"
        size="small"
        loading={channels.isPending}
        dataSource={channels.data ?? []}
        scroll={{ x: true }}
        locale={{ emptyText: <Empty description={t('alerts.robots.none')} /> }}
        columns={[
          { title: t('alerts.robots.name'), dataIndex: 'name' },
          {
            title: t('alerts.robots.kind'),
            dataIndex: 'kind',
            render: (k: RobotChannel['kind'], c) => (
              <>
                {t(`alerts.robots.${k}`)} {c.signed && <Tag>{t('alerts.robots.signed')}</Tag>}
              </>
            ),
          },
          { title: t('alerts.robots.address'), dataIndex: 'address' },
          { title: t('alerts.robots.locale'), dataIndex: 'locale', width: 90 },
          {
            title: '',
            key: 'actions',
            width: 200,
            render: (_: unknown, c: RobotChannel) => (
              <Space>
                <Button
                  size="small"
                  onClick={() => test.mutate(c.id)}
                  loading={test.isPending && test.variables === c.id}
                >
                  {t('alerts.robots.test')}
                </Button>
                <Button size="small" danger onClick={() => remove.mutate(c.id)}>
                  {t('alerts.rules.delete')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {adding && (
        <Modal
          open
          title={t('alerts.robots.add')}
          okText={t('alerts.rules.save')}
          onOk={() => form.submit()}
          onCancel={() => setAdding(false)}
          confirmLoading={add.isPending}
          width="min(560px, 100vw)"
        >
          {add.error && <Notice type="error" showIcon title={errorText(add.error)} />}
          <Form
            form={form}
            layout="vertical"
            initialValues={{ kind: 'wecom', locale: 'zh-CN' }}
            onFinish={(v) => add.mutate(v)}
          >
            <Form.Item name="kind" label={t('alerts.robots.kind')}>
              <Select
                options={(['wecom', 'dingtalk', 'feishu'] as const).map((k) => ({
                  value: k,
                  label: t(`alerts.robots.${k}`),
                }))}
              />
            </Form.Item>
            <Form.Item
              name="name"
              label={t('alerts.robots.name')}
              rules={[{ required: true, max: 80 }]}
            >
              <Input />
            </Form.Item>
            <Form.Item name="url" label={t('alerts.robots.url')} rules={[{ required: true }]}>
              <Input placeholder="https://" />
            </Form.Item>
            <Form.Item name="secret" label={t('alerts.robots.secret')}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Form.Item name="locale" label={t('alerts.robots.locale')}>
              <Select
                options={[
                  { value: 'zh-CN', label: '中文' },
                  { value: 'en-US', label: 'English' },
                ]}
              />
            </Form.Item>
          </Form>
        </Modal>
      )}
    </Space>
  )
}
