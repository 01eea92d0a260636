import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Card, Modal, Space, Typography } from 'antd'
import { useState } from 'react'
import type { ErasureReport } from '../../../../src/customers/data-rights.schema'
import { api } from '../../api/client'
import { fetchMe } from '../../api/endpoints'
import { usePageWords } from '../../i18n/page-words'
import { DATA_RIGHTS_EN, DATA_RIGHTS_ZH } from './customer-data-rights-words'

const eraseCustomer = (id: string) =>
  api<ErasureReport>('POST', `/customers/${id}/erase`, { confirmId: id })

/**
 * A customer's data rights on their page, for those who may export personal data: the copy of
 * everything held (JSON, Excel) and the erasure, after a confirmation.
 */
export function CustomerDataRights({
  customerId,
  erased,
}: {
  customerId: string
  erased: boolean
}) {
  const { t } = usePageWords(DATA_RIGHTS_ZH, DATA_RIGHTS_EN)
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe })
  const client = useQueryClient()
  const [asking, setAsking] = useState(false)
  const erase = useMutation({
    mutationFn: () => eraseCustomer(customerId),
    onSuccess: () => {
      setAsking(false)
      void client.invalidateQueries({ queryKey: ['customer'] })
    },
  })
  if (!(me.data?.permissions.includes('personal-data:export') ?? false)) return null
  const base = `/api/v1/customers/${encodeURIComponent(customerId)}`
  return (
    <Card title={t('rights.title')} data-testid="customer-data-rights">
      <Space direction="vertical" style={{ width: '100%' }}>
        {erased ? (
          <Alert type="info" showIcon message={t('rights.erasedNote')} />
        ) : (
          <Typography.Text type="secondary">{t('rights.intro')}</Typography.Text>
        )}
        {erase.data && (
          <Alert
            type="success"
            showIcon
            data-testid="customer-erased"
            message={t('rights.done', erase.data.erased)}
          />
        )}
        {!erased && (
          <Space wrap>
            <Button href={`${base}/export`} download={`customer-${customerId}.json`}>
              {t('rights.exportJson')}
            </Button>
            <Button href={`${base}/export.xlsx`} data-testid="customer-export-xlsx">
              {t('rights.exportXlsx')}
            </Button>
            <Button danger onClick={() => setAsking(true)} data-testid="customer-erase">
              {t('rights.erase')}
            </Button>
          </Space>
        )}
      </Space>
      <Modal
        open={asking}
        title={t('rights.confirmTitle')}
        okText={t('rights.confirmOk')}
        cancelText={t('rights.cancel')}
        okButtonProps={{ danger: true, loading: erase.isPending }}
        onOk={() => erase.mutate()}
        onCancel={() => setAsking(false)}
      >
        <Typography.Paragraph>{t('rights.confirmText')}</Typography.Paragraph>
      </Modal>
    </Card>
  )
}
