import { keepPreviousData, useQuery } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Card,
  Col,
  List,
  Modal,
  Row,
  Select,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd'
import { useState } from 'react'
import type { SurveyInput } from '../../../../src/surveys/survey.schema'
import { SURVEY_TEMPLATES } from '../../../../src/surveys/survey-templates'
import { fetchSurveyPreview } from '../../api/survey-files'
import { localizedText } from '../../components/localized-text'
import { usePageWords } from '../../i18n/page-words'
import { previewWordsEnUS, previewWordsZhCN } from './preview-words'
import { RespondentPageFrame } from './respondent-page-frame'

/**
 * Start a new survey from a template: templates grouped by industry, each with its full name, its
 * instruments and a preview of the respondent page itself (rendered by the server's renderer and
 * run with the page's own script, as the editor's live preview) in the reader's language; choosing
 * one fills the form.
 */
export function TemplatePicker({ onPick }: { onPick: (survey: SurveyInput) => void }) {
  const { t, locale, errorText } = usePageWords(previewWordsZhCN, previewWordsEnUS)
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
  const lang = locale === 'en-US' ? 'en-US' : 'zh-CN'
  const page = useQuery({
    queryKey: ['template-preview', chosen, lang],
    queryFn: () => fetchSurveyPreview(template.survey, lang),
    placeholderData: keepPreviousData,
    enabled: open,
    staleTime: Number.POSITIVE_INFINITY,
  })
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
              {page.isError && <Alert type="error" showIcon title={errorText(page.error)} />}
              <Spin spinning={page.isFetching}>
                {page.data ? (
                  <RespondentPageFrame
                    html={page.data}
                    title={t('pv.templateFrame', { name: text(template.name) })}
                    testId="page-preview-of-template"
                    style={{ width: '100%', height: 'min(60vh, 520px)' }}
                  />
                ) : (
                  <div style={{ height: 'min(60vh, 520px)' }} />
                )}
              </Spin>
            </Card>
          </Col>
        </Row>
      </Modal>
    </>
  )
}
