import { useMutation, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Card, Form, Input, Select, Typography } from 'antd'
import { nameOrganisation, timeZoneOptions } from '../api/organisation'
import { useI18n } from '../i18n/i18n'

/**
 * The administrator's first sign-in on a new installation: the organisation's name customers
 * will see (complaint form, invitations) replaces the placeholder 我的组织, and its time zone.
 */
export function FirstSignInPage({ timezone }: { timezone: string }) {
  const { t, errorText, locale, setLocale } = useI18n()
  const queryClient = useQueryClient()
  const save = useMutation({
    mutationFn: nameOrganisation,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['organisation'] })
      await queryClient.invalidateQueries({ queryKey: ['me'] })
    },
  })
  return (
    <div
      style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f5f7fa' }}
    >
      <Card style={{ width: 'min(440px, calc(100vw - 24px))' }} data-testid="first-sign-in">
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('firstSignInTitle')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('firstSignInIntro')}</Typography.Paragraph>
        {save.error && (
          <Alert type="error" showIcon title={errorText(save.error)} style={{ marginBottom: 16 }} />
        )}
        <Form
          layout="vertical"
          requiredMark={false}
          initialValues={{ name: '', timezone }}
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
            <Input autoFocus data-testid="organisation-name" maxLength={80} />
          </Form.Item>
          <Form.Item
            label={t('organisationTimezone')}
            name="timezone"
            extra={t('organisationTimezoneHelp')}
          >
            <Select
              showSearch
              options={timeZoneOptions(timezone).map((zone) => ({ value: zone, label: zone }))}
            />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            block
            loading={save.isPending}
            data-testid="save-organisation"
          >
            {t('firstSignInSave')}
          </Button>
        </Form>
        <Button
          type="link"
          onClick={() => setLocale(locale === 'zh-CN' ? 'en-US' : 'zh-CN')}
          style={{ padding: 0, marginTop: 12 }}
        >
          {t('language')}
        </Button>
      </Card>
    </div>
  )
}
