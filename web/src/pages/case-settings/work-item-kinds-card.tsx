import { Card, Form, InputNumber, Switch, Table, Typography } from 'antd'
import { WORK_ITEM_KINDS, type WorkItemKind } from '../../../../src/cases/case-kinds'
import { usePageWords } from '../../i18n/page-words'
import { kindField } from './case-config-form'
import { WORK_ITEM_EN, WORK_ITEM_ZH } from './work-item-kinds-words'

/**
 * Per kind of request besides complaints (issue 20): whether it opens work items, and its
 * first-response and resolution SLA in working minutes (the server's schema bounds them too).
 */
export function WorkItemKindsCard() {
  const { t } = usePageWords(WORK_ITEM_ZH, WORK_ITEM_EN)
  return (
    <Card size="small" title={t('workItemKinds')} data-testid="work-item-kinds">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('workItemKindsHelp')}
      </Typography.Paragraph>
      <Table
        size="small"
        pagination={false}
        rowKey="kind"
        scroll={{ x: 'max-content' }}
        dataSource={WORK_ITEM_KINDS.map((kind) => ({ kind }))}
        columns={[
          {
            title: t('caseKind'),
            dataIndex: 'kind',
            render: (kind: WorkItemKind) => t(`workItemKind.${kind}`),
          },
          {
            title: t('workItemOpens'),
            render: (_, r) => (
              <Form.Item name={kindField.on(r.kind)} valuePropName="checked" noStyle>
                <Switch
                  size="small"
                  aria-label={`${t(`workItemKind.${r.kind}`)} · ${t('workItemOpens')}`}
                  data-testid={`kind-${r.kind}-on`}
                />
              </Form.Item>
            ),
          },
          {
            title: t('firstResponseMinutes'),
            render: (_, r) => (
              <Form.Item name={kindField.first(r.kind)} noStyle rules={[{ required: true }]}>
                <InputNumber
                  min={1}
                  max={60 * 24 * 30}
                  precision={0}
                  data-testid={`kind-${r.kind}-first`}
                />
              </Form.Item>
            ),
          },
          {
            title: t('resolutionMinutes'),
            render: (_, r) => (
              <Form.Item name={kindField.resolve(r.kind)} noStyle rules={[{ required: true }]}>
                <InputNumber
                  min={1}
                  max={60 * 24 * 90}
                  precision={0}
                  data-testid={`kind-${r.kind}-resolve`}
                />
              </Form.Item>
            ),
          },
        ]}
      />
    </Card>
  )
}
