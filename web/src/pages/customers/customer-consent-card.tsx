import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Card, Flex, Select, Space, Tag, Typography } from 'antd'
import { useState } from 'react'
import {
  CONSENT_PURPOSES,
  type Consent,
  type ConsentPurpose,
} from '../../../../src/customers/customer-consent.schema'
import { api } from '../../api/client'
import { fetchMe } from '../../api/endpoints'
import { usePageWords } from '../../i18n/page-words'
import { CONSENT_EN, CONSENT_ZH } from './customer-consent-words'

type Key = keyof typeof CONSENT_ZH

/** Where an agent heard the customer say so; a source recorded elsewhere (the API) is shown as stored. */
const SOURCES = ['hotline', 'in_person', 'sms', 'email', 'wechat', 'written', 'manual'] as const

const fetchConsents = (id: string) =>
  api<{ consents: Consent[] }>('GET', `/customers/${id}/consents`).then((r) => r.consents)
const recordConsent = (id: string, purpose: ConsentPurpose, granted: boolean, source: string) =>
  api<Consent>('PUT', `/customers/${id}/consents/${purpose}`, { granted, source })

/**
 * The customer's consent per purpose on their page: each purpose's state, when and from which
 * source it was recorded; those who may write contacts record a change with its source (audited by
 * the server as customer.consent.grant / .withdraw).
 */
export function CustomerConsentCard({ customerId }: { customerId: string }) {
  const { t, locale } = usePageWords(CONSENT_ZH, CONSENT_EN)
  const client = useQueryClient()
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe })
  const consents = useQuery({
    queryKey: ['customer-consents', customerId],
    queryFn: () => fetchConsents(customerId),
  })
  const [sources, setSources] = useState<Partial<Record<ConsentPurpose, string>>>({})
  const record = useMutation({
    mutationFn: (v: { purpose: ConsentPurpose; granted: boolean; source: string }) =>
      recordConsent(customerId, v.purpose, v.granted, v.source),
    onSuccess: () => client.invalidateQueries({ queryKey: ['customer-consents', customerId] }),
  })
  const canWrite = me.data?.permissions.includes('contacts:write') ?? false
  const sourceName = (source: string) =>
    (SOURCES as readonly string[]).includes(source) ? t(`consent.source.${source}` as Key) : source
  const saved = record.data
  return (
    <Card title={t('consent.title')} loading={consents.isLoading} data-testid="customer-consent">
      <Space direction="vertical" style={{ width: '100%' }} size="middle">
        <Typography.Text type="secondary">{t('consent.intro')}</Typography.Text>
        {saved && (
          <Alert
            type="success"
            showIcon
            data-testid="consent-saved"
            message={t('consent.saved', {
              purpose: t(`consent.purpose.${saved.purpose}`),
              state: t(saved.granted ? 'consent.granted' : 'consent.withdrawn'),
              source: sourceName(saved.source),
            })}
          />
        )}
        {CONSENT_PURPOSES.map((purpose) => {
          const current = consents.data?.find((c) => c.purpose === purpose)
          const source = sources[purpose] ?? 'hotline'
          return (
            <Flex
              key={purpose}
              wrap
              gap={12}
              justify="space-between"
              align="center"
              data-testid={`consent-${purpose}`}
            >
              <Space direction="vertical" size={2}>
                <Space wrap>
                  <Typography.Text strong>{t(`consent.purpose.${purpose}`)}</Typography.Text>
                  {current === undefined ? (
                    <Tag>{t('consent.unset')}</Tag>
                  ) : (
                    <Tag color={current.granted ? 'green' : 'red'} data-testid="consent-state">
                      {t(current.granted ? 'consent.granted' : 'consent.withdrawn')}
                    </Tag>
                  )}
                </Space>
                <Typography.Text type="secondary">
                  {current === undefined
                    ? t('consent.unsetNote')
                    : t('consent.recorded', {
                        time: new Date(current.recordedAt).toLocaleString(locale),
                        source: sourceName(current.source),
                      })}
                </Typography.Text>
              </Space>
              {canWrite && (
                <Space wrap>
                  <Select
                    aria-label={t('consent.source')}
                    data-testid="consent-source"
                    style={{ width: 150 }}
                    value={source}
                    onChange={(value) => setSources((s) => ({ ...s, [purpose]: value }))}
                    options={SOURCES.map((s) => ({ value: s, label: t(`consent.source.${s}`) }))}
                  />
                  {([true, false] as const).map((give) => (
                    <Button
                      key={String(give)}
                      data-testid={give ? 'consent-grant' : 'consent-withdraw'}
                      danger={!give}
                      disabled={current?.granted === give}
                      loading={
                        record.isPending &&
                        record.variables?.purpose === purpose &&
                        record.variables.granted === give
                      }
                      onClick={() => record.mutate({ purpose, granted: give, source })}
                    >
                      {t(give ? 'consent.grant' : 'consent.withdraw')}
                    </Button>
                  ))}
                </Space>
              )}
            </Flex>
          )
        })}
      </Space>
    </Card>
  )
}
