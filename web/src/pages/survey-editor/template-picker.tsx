import { Button, Card, Col, List, Modal, Row, Select, Space, Tag, Typography } from 'antd'
import { useState } from 'react'
import type { SurveyInput } from '../../../../src/surveys/survey.schema'
import { SURVEY_TEMPLATES } from '../../../../src/surveys/survey-templates'
import { localizedText } from '../../components/localized-text'
import { type MessageKey, useI18n } from '../../i18n/i18n'

/**
 * Start a new survey from a template: templates grouped by industry, each with its full name, its
 * instruments and a preview of its questions in the reader's language; choosing one fills the form.
 */
export function TemplatePicker({ onPick }: { onPick: (survey: SurveyInput) => void }) {
  const { t, locale } = useI18n()
  const [open, setOpen] = useState(false)
  const [industry, setIndustry] = useState<string>('all')
  const [chosen, setChosen] = useState(SURVEY_TEMPLATES[0]!.id)
  const text = (l: Parameters<typeof localizedText>[0]) => localizedText(l, locale)
  const industries = new Map<string, string>()
  for (const tpl of SURVEY_TEMPLATES)
    industries.set(
      tpl.industry?.['zh-CN'] ?? '',
      tpl.industry ? text(tpl.industry) : t('qt.instruments'),
    )
  const shown = SURVEY_TEMPLATES.filter(
    (tpl) => industry === 'all' || (tpl.industry?.['zh-CN'] ?? '') === industry,
  )
  const template = SURVEY_TEMPLATES.find((tpl) => tpl.id === chosen)!
  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="open-template-picker">
        {t('qt.fromTemplate', { n: SURVEY_TEMPLATES.length })}
      </Button>
      <Modal
        open={open}
        width={1000}
        title={t('qt.templates')}
        onCancel={() => setOpen(false)}
        okText={t('qt.useTemplate')}
        onOk={() => {
          onPick(structuredClone(template.survey))
          setOpen(false)
        }}
      >
        <Select
          value={industry}
          onChange={setIndustry}
          style={{ width: 240, marginBottom: 12 }}
          aria-label={t('qt.industry')}
          options={[
            { value: 'all', label: t('qt.allIndustries') },
            ...[...industries].map(([value, label]) => ({ value, label })),
          ]}
        />
        <Row gutter={16}>
          <Col xs={24} md={10}>
            <List
              size="small"
              bordered
              style={{ maxHeight: 480, overflow: 'auto' }}
              dataSource={shown}
              renderItem={(tpl) => (
                <List.Item
                  onClick={() => setChosen(tpl.id)}
                  style={{
                    cursor: 'pointer',
                    background: tpl.id === chosen ? '#e6f4ff' : undefined,
                  }}
                  data-testid={`template-${tpl.id}`}
                >
                  <Space direction="vertical" size={0}>
                    <Typography.Text strong>{text(tpl.name)}</Typography.Text>
                    {tpl.industry && <Tag>{text(tpl.industry)}</Tag>}
                  </Space>
                </List.Item>
              )}
            />
          </Col>
          <Col xs={24} md={14}>
            <Card size="small" title={text(template.name)} data-testid="template-preview">
              <Typography.Paragraph type="secondary">
                {text(template.description)}
              </Typography.Paragraph>
              <ol style={{ paddingLeft: 20, maxHeight: 360, overflow: 'auto' }}>
                {template.survey.questions.map((q) => (
                  <li key={q.key}>
                    {text(q.title)} <Tag color="blue">{t(`type.${q.type}` as MessageKey)}</Tag>
                    {q.matrix && (
                      <Typography.Text type="secondary">
                        {q.matrix.rows
                          .map((r) => text(r.label))
                          .join(locale === 'zh-CN' ? '、' : ', ')}
                      </Typography.Text>
                    )}
                  </li>
                ))}
              </ol>
            </Card>
          </Col>
        </Row>
      </Modal>
    </>
  )
}
