import { useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Input,
  Progress,
  Space,
  Table,
  Typography,
  Upload,
} from 'antd'
import { useState } from 'react'
import { createContactList, fetchContactLists } from '../../api/endpoints'
import { readFileAsBase64 } from '../../api/file-upload'
import { useI18n } from '../../i18n/i18n'

/** Contact lists: upload a CSV/XLSX file of contacts, see the lists and their sizes. */
export function ContactListCard() {
  const { t, errorText } = useI18n()
  const queryClient = useQueryClient()
  const lists = useQuery({ queryKey: ['contact-lists'], queryFn: fetchContactLists })
  const [name, setName] = useState('')
  const [skipInvalid, setSkipInvalid] = useState(false)
  const [progress, setProgress] = useState<number | null>(null)
  const [message, setMessage] = useState<{
    type: 'success' | 'error' | 'warning'
    text: string
  } | null>(null)
  const upload = async (file: File) => {
    setMessage(null)
    setProgress(0)
    try {
      const contentBase64 = await readFileAsBase64(file, (p) => setProgress(Math.round(p * 0.8)))
      const report = await createContactList({
        name: name.trim() || file.name.replace(/\.(csv|xlsx)$/i, ''),
        skipInvalid,
        file: { name: file.name, contentBase64 },
      })
      setMessage({
        type: report.skipped > 0 ? 'warning' : 'success',
        text: t('contactsImported', { imported: report.imported, skipped: report.skipped }),
      })
      await queryClient.invalidateQueries({ queryKey: ['contact-lists'] })
    } catch (e) {
      setMessage({ type: 'error', text: errorText(e) })
    } finally {
      setProgress(null)
    }
  }
  return (
    <Card size="small" title={t('contactLists')}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('contactListHelp')}</Typography.Text>
        <Space wrap>
          <Input
            placeholder={t('contactListName')}
            value={name}
            onChange={(e) => setName(e.target.value)}
            style={{ width: 200 }}
            data-testid="contact-list-name"
          />
          <Checkbox checked={skipInvalid} onChange={(e) => setSkipInvalid(e.target.checked)}>
            {t('importSkipInvalid')}
          </Checkbox>
          <Upload
            accept=".csv,.xlsx"
            showUploadList={false}
            beforeUpload={(file) => {
              void upload(file)
              return false
            }}
          >
            <Button data-testid="upload-contacts">{t('uploadContacts')}</Button>
          </Upload>
        </Space>
        {progress !== null && <Progress percent={progress} size="small" status="active" />}
        {message && (
          <Alert type={message.type} title={message.text} showIcon data-testid="contacts-report" />
        )}
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={lists.data ?? []}
          columns={[
            { title: t('name'), dataIndex: 'name' },
            { title: t('contacts'), dataIndex: 'contacts' },
          ]}
        />
      </Space>
    </Card>
  )
}
