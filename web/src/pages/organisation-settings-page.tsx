import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Card,
  ColorPicker,
  Form,
  Input,
  Select,
  Space,
  Typography,
  Upload,
} from 'antd'
import { useEffect, useState } from 'react'
import {
  fetchOrganisation,
  LOGO_TYPES,
  MAX_LOGO_BYTES,
  nameOrganisation,
  setBranding,
  timeZoneOptions,
  type OrganisationSettings,
} from '../api/organisation'
import { useI18n } from '../i18n/i18n'
import { ChannelSettingsCard } from './channels/channel-settings-card'

const DEFAULT_COLOR = '#0958d9'

/** A chosen logo file: what the server takes (base64) and a preview of it. */
interface LogoChoice {
  type: string
  data: string
  preview: string
}

/** The organisation's name, time zone and its look on respondent pages (administrators). */
export function OrganisationSettingsPage() {
  const { t } = useI18n()
  const organisation = useQuery({ queryKey: ['organisation'], queryFn: fetchOrganisation })
  if (!organisation.data) return null
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 720 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('organisationSettings')}
      </Typography.Title>
      <NameCard organisation={organisation.data} />
      <BrandingCard organisation={organisation.data} />
      <ChannelSettingsCard />
    </Space>
  )
}

function NameCard({ organisation }: { organisation: OrganisationSettings }) {
  const { t, errorText } = useI18n()
  const queryClient = useQueryClient()
  const save = useMutation({
    mutationFn: nameOrganisation,
    onSuccess: async (saved) => {
      queryClient.setQueryData(['organisation'], saved)
      await queryClient.invalidateQueries({ queryKey: ['me'] })
    },
  })
  return (
    <Card size="small" title={t('organisationName')}>
      {save.error && <Alert type="error" showIcon title={errorText(save.error)} />}
      {save.isSuccess && <Alert type="success" showIcon title={t('saved')} />}
      <Form
        layout="vertical"
        requiredMark={false}
        initialValues={{ name: organisation.name, timezone: organisation.timezone }}
        onFinish={(values: { name: string; timezone: string }) => save.mutate(values)}
      >
        <Form.Item
          label={t('organisationName')}
          name="name"
          extra={t('organisationNameHelp')}
          rules={[
            { required: true, whitespace: true, max: 80, message: t('organisationNameNeeded') },
          ]}
        >
          <Input maxLength={80} />
        </Form.Item>
        <Form.Item
          label={t('organisationTimezone')}
          name="timezone"
          extra={t('organisationTimezoneHelp')}
        >
          <Select
            showSearch
            options={timeZoneOptions(organisation.timezone).map((zone) => ({
              value: zone,
              label: zone,
            }))}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('save')}
        </Button>
      </Form>
    </Card>
  )
}

function BrandingCard({ organisation }: { organisation: OrganisationSettings }) {
  const { t, errorText } = useI18n()
  const queryClient = useQueryClient()
  const [color, setColor] = useState<string | null>(organisation.branding.color)
  // undefined: keep the stored logo; null: remove it.
  const [logo, setLogo] = useState<LogoChoice | null | undefined>(undefined)
  const [logoProblem, setLogoProblem] = useState<string | null>(null)
  useEffect(() => setColor(organisation.branding.color), [organisation.branding.color])
  const save = useMutation({
    mutationFn: () =>
      setBranding({
        color,
        ...(logo === undefined ? {} : { logo: logo && { type: logo.type, data: logo.data } }),
      }),
    onSuccess: (saved) => {
      queryClient.setQueryData(['organisation'], saved)
      setLogo(undefined)
    },
  })
  const choose = (file: File) => {
    setLogoProblem(null)
    if (!LOGO_TYPES.includes(file.type)) setLogoProblem(t('logoWrongType'))
    else if (file.size > MAX_LOGO_BYTES)
      setLogoProblem(t('logoTooLarge', { kb: MAX_LOGO_BYTES / 1024 }))
    else {
      const reader = new FileReader()
      reader.onload = () => {
        const url = String(reader.result)
        setLogo({ type: file.type, data: url.slice(url.indexOf(',') + 1), preview: url })
      }
      reader.readAsDataURL(file)
    }
    return false
  }
  const shownLogo = logo === undefined ? organisation.branding.logoUrl : (logo?.preview ?? null)
  const brand = color ?? DEFAULT_COLOR
  return (
    <Card size="small" title={t('branding')}>
      <Typography.Paragraph type="secondary">{t('brandingIntro')}</Typography.Paragraph>
      {save.error && <Alert type="error" showIcon title={errorText(save.error)} />}
      {save.isSuccess && <Alert type="success" showIcon title={t('saved')} />}
      <Form layout="vertical">
        <Form.Item label={t('brandColor')} extra={t('brandColorHelp')}>
          <Space>
            <ColorPicker
              value={brand}
              disabledAlpha
              format="hex"
              onChangeComplete={(c) => setColor(c.toHexString().slice(0, 7))}
              showText
              data-testid="brand-color"
            />
            {color && <Button onClick={() => setColor(null)}>{t('brandColorDefault')}</Button>}
          </Space>
        </Form.Item>
        <Form.Item label={t('brandLogo')} extra={t('brandLogoHelp', { kb: MAX_LOGO_BYTES / 1024 })}>
          <Space wrap>
            <Upload accept={LOGO_TYPES.join(',')} showUploadList={false} beforeUpload={choose}>
              <Button>{t('brandLogoChoose')}</Button>
            </Upload>
            {shownLogo && <Button onClick={() => setLogo(null)}>{t('brandLogoRemove')}</Button>}
          </Space>
          {logoProblem && (
            <Typography.Text type="danger" style={{ display: 'block' }}>
              {logoProblem}
            </Typography.Text>
          )}
        </Form.Item>
        <Form.Item label={t('brandPreview')}>
          <div
            style={{ background: '#f5f7fa', padding: 16, borderRadius: 10, maxWidth: 360 }}
            data-testid="brand-preview"
          >
            {shownLogo && (
              <img
                src={shownLogo}
                alt={organisation.name}
                style={{ maxHeight: 48, maxWidth: '60%' }}
              />
            )}
            <div style={{ fontWeight: 600, margin: '8px 0' }}>{organisation.name}</div>
            <div
              style={{
                background: brand,
                color: '#fff',
                borderRadius: 10,
                padding: 10,
                textAlign: 'center',
                fontWeight: 600,
              }}
            >
              {t('brandPreviewButton')}
            </div>
          </div>
        </Form.Item>
        <Button
          type="primary"
          loading={save.isPending}
          onClick={() => save.mutate()}
          data-testid="brand-save"
        >
          {t('save')}
        </Button>
      </Form>
    </Card>
  )
}
