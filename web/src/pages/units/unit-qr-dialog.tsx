import { useQuery } from '@tanstack/react-query'
import { Alert, Button, Form, Modal, Select, Space, Table, Typography, TreeSelect } from 'antd'
import { useState } from 'react'
import { fetchSurveys } from '../../api/endpoints'
import { localizedText } from '../../components/localized-text'
import { useUnitWords } from './unit-words'
import { fetchUnitLinks, type UnitRecord, unitQrSheetUrl } from './units-api'
import { unitTreeSelectData } from './unit-tree-select'
import { unitNameIn } from './unit-name'

/**
 * Per-unit links of a survey for a unit and every unit below it (or all units), and the
 * printable A4 sheets as one PDF, a page per unit.
 */
export function UnitQrDialog({
  units,
  rootId,
  onClose,
}: {
  units: readonly UnitRecord[]
  rootId: string | null
  onClose: () => void
}) {
  const { t, locale, errorText } = useUnitWords()
  const surveys = useQuery({ queryKey: ['surveys'], queryFn: fetchSurveys })
  const [surveyId, setSurveyId] = useState<string | null>(null)
  const [root, setRoot] = useState<string | null>(rootId)
  const chosen = surveyId ?? surveys.data?.[0]?.id ?? null
  const links = useQuery({
    queryKey: ['unit-links', chosen, root],
    queryFn: () => fetchUnitLinks(chosen as string, root),
    enabled: chosen !== null,
  })
  return (
    <Modal
      open
      width={760}
      title={t('units.qrTitle')}
      onCancel={onClose}
      footer={<Button onClick={onClose}>{t('units.cancel')}</Button>}
    >
      <Typography.Paragraph type="secondary">{t('units.qrHelp')}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t('units.qrSurvey')}>
          <Select
            value={chosen ?? undefined}
            onChange={setSurveyId}
            loading={surveys.isPending}
            data-testid="unit-qr-survey"
            options={(surveys.data ?? []).map((s) => ({
              value: s.id,
              label: localizedText(s.title, locale),
            }))}
          />
        </Form.Item>
        <Form.Item label={t('units.qrRoot')}>
          <TreeSelect
            allowClear
            showSearch
            treeNodeFilterProp="title"
            placeholder={t('units.qrAll')}
            value={root ?? undefined}
            onChange={(v) => setRoot(v ?? null)}
            treeData={unitTreeSelectData(
              units.filter((u) => u.closedAt === null),
              locale,
            )}
            data-testid="unit-qr-root"
          />
        </Form.Item>
      </Form>
      {links.isError && <Alert type="error" title={errorText(links.error)} showIcon />}
      {links.data && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <Typography.Text data-testid="unit-qr-count">
              {t('units.qrLinks', { n: String(links.data.links.length) })}
            </Typography.Text>
            <Button
              type="primary"
              href={chosen ? unitQrSheetUrl(chosen, root) : undefined}
              download
              disabled={links.data.links.length === 0}
              data-testid="unit-qr-download"
            >
              {t('units.qrDownload')}
            </Button>
          </Space>
          {links.data.signed && <Alert type="info" title={t('units.qrSigned')} showIcon />}
          <Table
            size="small"
            rowKey="unitId"
            dataSource={links.data.links}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            scroll={{ x: 'max-content' }}
            columns={[
              {
                title: t('units.unitName'),
                render: (_, l) => (
                  <span style={{ paddingInlineStart: l.depth * 12 }}>
                    {unitNameIn(l, locale)}{' '}
                    <Typography.Text type="secondary">{l.code}</Typography.Text>
                  </span>
                ),
              },
              {
                title: t('units.link'),
                dataIndex: 'url',
                render: (url: string) => (
                  <Typography.Text copyable={{ text: url }} style={{ maxWidth: 320 }} ellipsis>
                    {url}
                  </Typography.Text>
                ),
              },
            ]}
          />
        </Space>
      )}
    </Modal>
  )
}
