import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd'
import { useState } from 'react'
import type { z } from 'zod'
import type {
  CreatedOrganisationSchema,
  OperatorOrganisationListSchema,
  OperatorOrganisationSchema,
} from '../../../src/auth/auth.schema'
import { api } from '../api/client'
import { timeZoneOptions } from '../api/organisation'
import { useI18n } from '../i18n/i18n'
import { AddMemberDialog } from './operator/add-member-dialog'

/** An organisation as the operator sees it (src/auth/operator.ts): never its data. */
type OperatorOrganisation = z.infer<typeof OperatorOrganisationSchema>
type CreatedOrganisation = z.infer<typeof CreatedOrganisationSchema>

interface NewOrganisation {
  name: string
  timezone: string
  adminEmail: string
  adminName: string
  password?: string
}

const listOrganisations = () =>
  api<z.infer<typeof OperatorOrganisationListSchema>>('GET', '/operator/organisations')
const createOrganisation = (values: NewOrganisation) =>
  api<CreatedOrganisation>('POST', '/operator/organisations', {
    name: values.name,
    timezone: values.timezone,
    admin: {
      email: values.adminEmail,
      displayName: values.adminName,
      ...(values.password ? { password: values.password } : {}),
    },
  })
const suspend = (id: string, suspended: boolean) =>
  api<OperatorOrganisation>(
    'POST',
    `/operator/organisations/${encodeURIComponent(id)}/${suspended ? 'suspend' : 'resume'}`,
  )
const configure = (id: string, values: { name: string; timezone: string }) =>
  api<OperatorOrganisation>('PUT', `/operator/organisations/${encodeURIComponent(id)}`, values)

/** The operator console: the instance's organisations — create, suspend, resume, configure. */
export function OperatorPage() {
  const { t, errorText } = useI18n()
  const queryClient = useQueryClient()
  const organisations = useQuery({
    queryKey: ['operator-organisations'],
    queryFn: listOrganisations,
  })
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['operator-organisations'] })
  const toggle = useMutation({
    mutationFn: ({ id, suspended }: { id: string; suspended: boolean }) => suspend(id, suspended),
    onSuccess: refresh,
  })
  const [editing, setEditing] = useState<OperatorOrganisation | null>(null)
  const [addingTo, setAddingTo] = useState<OperatorOrganisation | null>(null)
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('operatorConsole')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('operatorConsoleHelp')}</Typography.Text>
      <CreateCard onCreated={refresh} />
      {toggle.error && <Alert type="error" showIcon title={errorText(toggle.error)} />}
      <Card size="small" title={t('operatorOrganisations')}>
        <Table<OperatorOrganisation>
          rowKey="id"
          size="small"
          loading={organisations.isPending}
          dataSource={organisations.data?.organisations ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="operator-organisations"
          columns={[
            { title: t('organisationName'), dataIndex: 'name' },
            { title: t('organisationTimezone'), dataIndex: 'timezone' },
            {
              title: t('operatorStatus'),
              dataIndex: 'status',
              render: (status: OperatorOrganisation['status']) =>
                status === 'active' ? (
                  <Tag color="green">{t('operatorActive')}</Tag>
                ) : (
                  <Tag color="red">{t('operatorSuspended')}</Tag>
                ),
            },
            { title: t('operatorMembers'), dataIndex: 'members', align: 'right' },
            {
              title: t('operatorActions'),
              key: 'actions',
              render: (_: unknown, organisation) => (
                <Space wrap size="small">
                  <Button size="small" onClick={() => setEditing(organisation)}>
                    {t('operatorConfigure')}
                  </Button>
                  <Button
                    size="small"
                    data-testid={`add-member-${organisation.name}`}
                    onClick={() => setAddingTo(organisation)}
                  >
                    {t('operatorAddMember')}
                  </Button>
                  {organisation.status === 'active' ? (
                    <Popconfirm
                      title={t('operatorSuspendConfirm')}
                      okText={t('operatorSuspend')}
                      cancelText={t('operatorCancel')}
                      onConfirm={() => toggle.mutate({ id: organisation.id, suspended: true })}
                    >
                      <Button size="small" danger data-testid={`suspend-${organisation.name}`}>
                        {t('operatorSuspend')}
                      </Button>
                    </Popconfirm>
                  ) : (
                    <Button
                      size="small"
                      data-testid={`resume-${organisation.name}`}
                      onClick={() => toggle.mutate({ id: organisation.id, suspended: false })}
                    >
                      {t('operatorResume')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {addingTo && (
        <AddMemberDialog
          organisation={addingTo}
          onClose={() => setAddingTo(null)}
          onAdded={refresh}
        />
      )}
      {editing && (
        <ConfigureDialog
          organisation={editing}
          onClose={() => setEditing(null)}
          onSaved={async () => {
            setEditing(null)
            await refresh()
          }}
        />
      )}
    </Space>
  )
}

function CreateCard({ onCreated }: { onCreated: () => Promise<unknown> }) {
  const { t, errorText } = useI18n()
  const [form] = Form.useForm<NewOrganisation>()
  const create = useMutation({
    mutationFn: createOrganisation,
    onSuccess: async () => {
      form.resetFields()
      await onCreated()
    },
  })
  const created = create.data
  return (
    <Card size="small" title={t('operatorCreate')}>
      {create.error && <Alert type="error" showIcon title={errorText(create.error)} />}
      {created && (
        <div data-testid="operator-created">
          <Alert
            type="success"
            showIcon
            title={t('operatorCreated', { name: created.organisation.name })}
            description={
              created.generatedPassword ? (
                <span>
                  {t('operatorGeneratedPassword')}{' '}
                  <Typography.Text code copyable>
                    {created.generatedPassword}
                  </Typography.Text>
                </span>
              ) : created.existingPerson ? (
                t('operatorExistingPerson')
              ) : undefined
            }
          />
        </div>
      )}
      <Form<NewOrganisation>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ timezone: 'Asia/Shanghai' }}
        onFinish={(values) => create.mutate(values)}
        style={{ maxWidth: 560, marginTop: created || create.error ? 12 : 0 }}
      >
        <Form.Item
          label={t('organisationName')}
          name="name"
          rules={[
            { required: true, whitespace: true, max: 80, message: t('organisationNameNeeded') },
          ]}
        >
          <Input maxLength={80} data-testid="operator-name" />
        </Form.Item>
        <Form.Item label={t('organisationTimezone')} name="timezone">
          <Select
            showSearch
            options={timeZoneOptions('Asia/Shanghai').map((zone) => ({ value: zone, label: zone }))}
          />
        </Form.Item>
        <Form.Item
          label={t('operatorAdminEmail')}
          name="adminEmail"
          rules={[{ required: true, type: 'email', message: t('operatorAdminEmailNeeded') }]}
        >
          <Input type="email" autoComplete="off" data-testid="operator-admin-email" />
        </Form.Item>
        <Form.Item
          label={t('operatorAdminName')}
          name="adminName"
          rules={[{ required: true, whitespace: true, message: t('operatorAdminNameNeeded') }]}
        >
          <Input maxLength={100} data-testid="operator-admin-name" />
        </Form.Item>
        <Form.Item
          label={t('operatorAdminPassword')}
          name="password"
          extra={t('operatorAdminPasswordHelp')}
        >
          <Input.Password autoComplete="new-password" data-testid="operator-admin-password" />
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          loading={create.isPending}
          data-testid="operator-create"
        >
          {t('operatorCreate')}
        </Button>
      </Form>
    </Card>
  )
}

function ConfigureDialog({
  organisation,
  onClose,
  onSaved,
}: {
  organisation: OperatorOrganisation
  onClose: () => void
  onSaved: () => Promise<void>
}) {
  const { t, errorText } = useI18n()
  const [form] = Form.useForm<{ name: string; timezone: string }>()
  const save = useMutation({
    mutationFn: (values: { name: string; timezone: string }) => configure(organisation.id, values),
    onSuccess: onSaved,
  })
  return (
    <Modal
      open
      title={t('operatorConfigure')}
      okText={t('save')}
      cancelText={t('operatorCancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      {save.error && <Alert type="error" showIcon title={errorText(save.error)} />}
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ name: organisation.name, timezone: organisation.timezone }}
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item
          label={t('organisationName')}
          name="name"
          rules={[
            { required: true, whitespace: true, max: 80, message: t('organisationNameNeeded') },
          ]}
        >
          <Input maxLength={80} />
        </Form.Item>
        <Form.Item label={t('organisationTimezone')} name="timezone">
          <Select
            showSearch
            options={timeZoneOptions(organisation.timezone).map((zone) => ({
              value: zone,
              label: zone,
            }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  )
}
