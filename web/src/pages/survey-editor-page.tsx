import { useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Card, Col, Form, Grid, Input, Row, Select, Space } from 'antd'
import dayjs from 'dayjs'
import { useEffect, useState } from 'react'
import { useNavigate, useParams } from 'react-router'
import type { Question, QuestionType, SurveyInput } from '../../../src/surveys/survey.schema'
import { createSurvey, fetchSurvey, updateSurvey } from '../api/endpoints'
import { useI18n, type MessageKey } from '../i18n/i18n'
import { defaultQuestion, NEW_SURVEY, TYPES } from './survey-editor/new-question'
import { CsiCard, csiItemsOf, csiToSave, csiWeightsToSave } from './survey-editor/csi-card'
import { QuestionCard } from './survey-editor/question-card'
import { SurveySettingsCard } from './survey-editor/survey-settings-card'
import { useAnswerCount, useConfirmChange } from './survey-editor/change-warning'
import { TemplatePicker } from './survey-editor/template-picker'
import { LivePreview } from './survey-editor/live-preview'
import { previewWordsEnUS, previewWordsZhCN } from './survey-editor/preview-words'
import { questionsToSave } from './survey-editor/questions-to-save'
import { settingsToSave } from './survey-editor/settings-to-save'
import { usePageWords } from '../i18n/page-words'

export function SurveyEditorPage() {
  const { id } = useParams()
  const { t, errorText } = useI18n()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const [form] = Form.useForm<SurveyInput>()
  const [error, setError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  // Desktop: the preview beside the editor; phone: a toggle between the two.
  const wide = Grid.useBreakpoint().lg === true
  const [previewing, setPreviewing] = useState(false)
  const words = usePageWords(previewWordsZhCN, previewWordsEnUS)
  const existing = useQuery({
    queryKey: ['survey', id],
    queryFn: () => fetchSurvey(id!),
    enabled: id !== undefined,
  })

  useEffect(() => {
    if (existing.data) {
      const { opensAt, closesAt, ...settings } = existing.data.settings
      form.setFieldsValue({
        title: existing.data.title,
        defaultLocale: existing.data.defaultLocale,
        questions: existing.data.questions,
        settings: {
          ...settings,
          opensAt: opensAt ? dayjs(opensAt) : undefined,
          closesAt: closesAt ? dayjs(closesAt) : undefined,
        } as never,
      })
    }
  }, [existing.data, form])

  const answerCount = useAnswerCount(id, existing.data?.status)
  const { confirm, holder } = useConfirmChange()

  const save = async (values: SurveyInput) => {
    // A survey with answers: say what happens to them before changing it.
    const answers = answerCount.data ?? 0
    if (answers > 0 && !(await confirm(answers, existing.data?.status === 'published'))) return
    setSaving(true)
    setError(null)
    try {
      const raw = (values.settings ?? {}) as Record<string, unknown>
      // Fields of the type-specific parts are only registered while shown: take the whole store.
      const questions = questionsToSave(form.getFieldsValue(true).questions as Question[])
      // The CSI's given weights of the items the survey has now (the CSI section).
      const csiItems = csiItemsOf(questions, 'zh-CN')
      const csiWeights = csiWeightsToSave(
        csiItems,
        raw.csiWeights as Record<string, number | null> | undefined,
      )
      const csi = csiToSave(csiItems, raw.csi as Parameters<typeof csiToSave>[1])
      // The whole store's settings hold the keys the editor has no field for (e.g. anonymity).
      const stored = (form.getFieldsValue(true).settings ?? {}) as Record<string, unknown>
      const input = {
        ...form.getFieldsValue(true),
        ...values,
        questions,
        settings: settingsToSave(stored, raw, { csiWeights, csi }),
      }
      const survey = id ? await updateSurvey(id, input) : await createSurvey(input)
      await queryClient.invalidateQueries({ queryKey: ['surveys'] })
      await queryClient.invalidateQueries({ queryKey: ['survey', survey.id] })
      navigate(`/surveys/${survey.id}`)
    } catch (e) {
      setError(errorText(e))
    } finally {
      setSaving(false)
    }
  }

  const addQuestion = (type: QuestionType) => {
    const questions: Question[] = form.getFieldValue('questions') ?? []
    form.setFieldValue('questions', [
      ...questions,
      defaultQuestion(
        type,
        questions.map((q) => q.key),
      ),
    ])
  }

  const editor = (
    <Card title={id ? t('edit') : t('newSurvey')} loading={id !== undefined && existing.isPending}>
      {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} />}
      {holder}
      <Form form={form} layout="vertical" initialValues={NEW_SURVEY} onFinish={save}>
        <Space wrap style={{ width: '100%' }} styles={{ item: { flex: '1 1 320px' } }}>
          <Form.Item
            label={t('titleZh')}
            name={['title', 'zh-CN']}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input data-testid="title-zh" />
          </Form.Item>
          <Form.Item label={t('titleEn')} name={['title', 'en-US']}>
            <Input data-testid="title-en" />
          </Form.Item>
        </Space>
        {id === undefined && (
          <div style={{ marginBottom: 16 }}>
            <TemplatePicker
              onPick={(survey) =>
                form.setFieldsValue({
                  title: survey.title,
                  defaultLocale: survey.defaultLocale,
                  questions: survey.questions,
                  settings: survey.settings as never,
                })
              }
            />
          </div>
        )}
        <SurveySettingsCard />
        <CsiCard />
        <Form.List name="questions">
          {(fields, { remove, move }) => (
            <>
              {fields.map((field, index) => (
                <QuestionCard
                  key={field.key}
                  field={field}
                  index={index}
                  remove={remove}
                  form={form}
                  move={move}
                  count={fields.length}
                />
              ))}
            </>
          )}
        </Form.List>
        <Space wrap>
          {(['nps', 'csat', 'ces', 'text'] as const).map((type) => (
            <Button key={type} onClick={() => addQuestion(type)}>
              + {t(`type.${type}`)}
            </Button>
          ))}
          <Select<QuestionType>
            placeholder={t('addQuestionOfType')}
            style={{ width: 240 }}
            value={null as unknown as QuestionType}
            onChange={(type) => addQuestion(type)}
            options={TYPES.filter((type) => !['nps', 'csat', 'ces', 'text'].includes(type)).map(
              (type) => ({ value: type, label: t(`type.${type}` as MessageKey) }),
            )}
            data-testid="add-question-type"
            // All types in one list (no virtual scrolling), so each can be found and picked.
            virtual={false}
            listHeight={400}
          />
        </Space>
        <div style={{ marginTop: 24 }}>
          <Space>
            <Button type="primary" htmlType="submit" loading={saving} data-testid="save-survey">
              {t('save')}
            </Button>
            <Button onClick={() => navigate(-1)}>{t('back')}</Button>
          </Space>
        </div>
      </Form>
    </Card>
  )
  const preview = <LivePreview form={form} />
  if (wide)
    return (
      <Row gutter={16} align="top" wrap={false}>
        <Col flex="1 1 0" style={{ minWidth: 0 }}>
          {editor}
        </Col>
        <Col flex="0 0 44%" style={{ position: 'sticky', top: 16 }}>
          {preview}
        </Col>
      </Row>
    )
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Button block onClick={() => setPreviewing((on) => !on)} data-testid="toggle-preview">
        {previewing ? words.t('pv.previewHide') : words.t('pv.previewShow')}
      </Button>
      {/* The editor stays mounted (its form keeps every edit) while the preview shows. */}
      <div style={{ display: previewing ? 'none' : 'block' }}>{editor}</div>
      {previewing && preview}
    </Space>
  )
}
