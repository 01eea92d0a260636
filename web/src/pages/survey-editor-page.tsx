import { useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
} from 'antd'
import dayjs from 'dayjs'
import { useEffect, useState } from 'react'
import { useNavigate, useParams } from 'react-router'
import {
  MATRIX_SCALES,
  QUESTION_TYPES,
  SERVQUAL_DIMENSION_KEYS,
  type Question,
  type QuestionType,
  type SurveyInput,
} from '../../../src/surveys/survey.schema'
import { createSurvey, fetchSurvey, updateSurvey } from '../api/endpoints'
import { useI18n, type MessageKey } from '../i18n/i18n'
import { zhCN } from '../i18n/zh-CN'
import { enUS } from '../i18n/en-US'

const TYPES: readonly QuestionType[] = QUESTION_TYPES

function defaultQuestion(type: QuestionType, taken: string[]): Question {
  const base = type === 'text' ? 'comment' : type
  let key = base
  for (let i = 2; taken.includes(key); i++) key = `${base}_${i}`
  const text = (k: string) => ({ 'zh-CN': zhCN[k as MessageKey], 'en-US': enUS[k as MessageKey] })
  const question: Question = { key, type, required: type === 'nps', title: text(`default.${type}`) }
  if (type === 'single' || type === 'multiple')
    question.options = [
      { key: 'a', label: text('default.option1') },
      { key: 'b', label: text('default.option2') },
    ]
  if (type === 'matrix')
    question.matrix = {
      scale: 'likert5',
      rows: [
        { key: 'r1', label: text('default.row1') },
        { key: 'r2', label: text('default.row2') },
      ],
    }
  if (type === 'kano')
    question.kano = {
      functional: text('default.kanoFunctional'),
      dysfunctional: text('default.kanoDysfunctional'),
    }
  if (type === 'servqual') question.servqual = { dimension: 'reliability', reversed: false }
  return question
}

/** "Show only if": an earlier question and the answers (or range) that show this one. */
function ShowIfFields({ name, earlier }: { name: number; earlier: string[] }) {
  const { t } = useI18n()
  return (
    <Space wrap align="start">
      <Form.Item label={t('showIf')} name={[name, 'showIf', 'question']}>
        <Select
          allowClear
          style={{ width: 160 }}
          placeholder={t('showAlways')}
          options={earlier.map((key) => ({ value: key, label: key }))}
        />
      </Form.Item>
      <Form.Item label={t('showIfAnyOf')} name={[name, 'showIf', 'anyOf']}>
        <Select mode="tags" style={{ width: 200 }} tokenSeparators={[',']} />
      </Form.Item>
      <Form.Item label={t('showIfMin')} name={[name, 'showIf', 'min']}>
        <InputNumber style={{ width: 90 }} />
      </Form.Item>
      <Form.Item label={t('showIfMax')} name={[name, 'showIf', 'max']}>
        <InputNumber style={{ width: 90 }} />
      </Form.Item>
    </Space>
  )
}

/** An editable list of { key, label } items: a choice question's options, a matrix's rows. */
function KeyedLabelList({
  path,
  title,
  keyPrefix,
  extra,
}: {
  path: Array<string | number>
  title: string
  keyPrefix: string
  extra: React.ReactNode
}) {
  const { t } = useI18n()
  return (
    <Form.List name={path}>
      {(items, { add, remove }) => (
        <Card
          size="small"
          type="inner"
          title={title}
          extra={
            <Space>
              {extra}
              <Button
                size="small"
                onClick={() =>
                  add({ key: `${keyPrefix}${items.length + 1}`, label: { 'zh-CN': '' } })
                }
              >
                +
              </Button>
            </Space>
          }
        >
          {items.map((item) => (
            <Space key={item.key} wrap align="start">
              <Form.Item
                name={[item.name, 'key']}
                rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9_-]{0,39}$/ }]}
              >
                <Input placeholder={t('optionKey')} style={{ width: 100 }} />
              </Form.Item>
              <Form.Item
                name={[item.name, 'label', 'zh-CN']}
                rules={[{ required: true, whitespace: true }]}
              >
                <Input placeholder={t('questionTitleZh')} />
              </Form.Item>
              <Form.Item name={[item.name, 'label', 'en-US']}>
                <Input placeholder={t('questionTitleEn')} />
              </Form.Item>
              <Button size="small" onClick={() => remove(item.name)}>
                {t('remove')}
              </Button>
            </Space>
          ))}
        </Card>
      )}
    </Form.List>
  )
}

/** The parts of a question only some types have: choices, matrix rows, Kano wording, SERVQUAL dimension. */
function TypeSpecificFields({ name, type }: { name: number; type: QuestionType }) {
  const { t } = useI18n()
  if (type === 'single' || type === 'multiple') {
    const randomize = (
      <>
        <Form.Item name={[name, 'randomize']} valuePropName="checked" noStyle>
          <Switch size="small" />
        </Form.Item>
        <span>{t('randomizeOptions')}</span>
      </>
    )
    return (
      <KeyedLabelList
        path={[name, 'options']}
        title={t('options')}
        keyPrefix="o"
        extra={randomize}
      />
    )
  }
  if (type === 'matrix') {
    const scale = (
      <Form.Item name={[name, 'matrix', 'scale']} noStyle>
        <Select
          size="small"
          style={{ width: 200 }}
          options={MATRIX_SCALES.map((s) => ({ value: s, label: t(`type.${s}` as MessageKey) }))}
        />
      </Form.Item>
    )
    return (
      <KeyedLabelList
        path={[name, 'matrix', 'rows']}
        title={t('matrixRows')}
        keyPrefix="r"
        extra={scale}
      />
    )
  }
  if (type === 'kano') {
    return (
      <Space wrap style={{ width: '100%' }} styles={{ item: { flex: '1 1 320px' } }}>
        <Form.Item
          label={t('kanoFunctional')}
          name={[name, 'kano', 'functional', 'zh-CN']}
          rules={[{ required: true }]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          label={t('kanoDysfunctional')}
          name={[name, 'kano', 'dysfunctional', 'zh-CN']}
          rules={[{ required: true }]}
        >
          <Input />
        </Form.Item>
      </Space>
    )
  }
  if (type === 'servqual') {
    return (
      <Space wrap>
        <Form.Item
          label={t('servqualDimension')}
          name={[name, 'servqual', 'dimension']}
          rules={[{ required: true }]}
        >
          <Select
            style={{ width: 180 }}
            options={SERVQUAL_DIMENSION_KEYS.map((d) => ({
              value: d,
              label: t(`dimension.${d}` as MessageKey),
            }))}
          />
        </Form.Item>
        <Form.Item
          label={t('servqualReversed')}
          name={[name, 'servqual', 'reversed']}
          valuePropName="checked"
        >
          <Switch />
        </Form.Item>
      </Space>
    )
  }
  return null
}

const NEW_SURVEY: SurveyInput = {
  title: { 'zh-CN': '', 'en-US': '' },
  defaultLocale: 'zh-CN',
  settings: { hiddenFields: [] },
  questions: (['nps', 'csat', 'ces', 'text'] as const).reduce<Question[]>((qs, type) => {
    qs.push(
      defaultQuestion(
        type,
        qs.map((q) => q.key),
      ),
    )
    return qs
  }, []),
}

export function SurveyEditorPage() {
  const { id } = useParams()
  const { t, errorText } = useI18n()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const [form] = Form.useForm<SurveyInput>()
  const [error, setError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
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

  const save = async (values: SurveyInput) => {
    setSaving(true)
    setError(null)
    try {
      const raw = (values.settings ?? {}) as Record<string, unknown>
      const iso = (v: unknown) => (dayjs.isDayjs(v) ? v.format() : undefined)
      const hiddenFields = (raw.hiddenFields as string[] | undefined) ?? []
      const signedFields = ((raw.signedFields as string[] | undefined) ?? []).filter((f) =>
        hiddenFields.includes(f),
      )
      const quality = (raw.quality ?? {}) as {
        minSecondsPerAnswer?: number | null
        straightLineMin?: number | null
      }
      const settings = {
        hiddenFields,
        signedFields,
        opensAt: iso(raw.opensAt),
        closesAt: iso(raw.closesAt),
        responseQuota: (raw.responseQuota as number | null) ?? undefined,
        pilot: raw.pilot === true,
        // Empty boxes keep the defaults.
        quality: {
          minSecondsPerAnswer: quality.minSecondsPerAnswer ?? 1.5,
          straightLineMin: quality.straightLineMin ?? 4,
        },
      }
      // Fields of the type-specific parts are only registered while shown: take the whole store.
      const questions = (form.getFieldsValue(true).questions as Question[]).map(
        ({ showIf, ...q }) => {
          if (!showIf?.question) return q
          const clean = {
            question: showIf.question,
            ...(showIf.anyOf?.length ? { anyOf: showIf.anyOf } : {}),
            ...(showIf.min == null ? {} : { min: showIf.min }),
            ...(showIf.max == null ? {} : { max: showIf.max }),
          }
          return { ...q, showIf: clean }
        },
      )
      const input = { ...form.getFieldsValue(true), ...values, questions, settings }
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

  return (
    <Card title={id ? t('edit') : t('newSurvey')} loading={id !== undefined && existing.isPending}>
      {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} />}
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
        <Card size="small" title={t('settings')} style={{ marginBottom: 12 }}>
          <Space wrap align="start">
            <Form.Item
              label={t('hiddenFields')}
              name={['settings', 'hiddenFields']}
              tooltip={t('hiddenFieldsHelp')}
            >
              <Select
                mode="tags"
                style={{ width: 280 }}
                tokenSeparators={[',', ' ']}
                placeholder="store, region"
              />
            </Form.Item>
            <Form.Item
              noStyle
              shouldUpdate={(a, b) => a.settings?.hiddenFields !== b.settings?.hiddenFields}
            >
              {({ getFieldValue }) => (
                <Form.Item
                  label={t('signedFields')}
                  name={['settings', 'signedFields']}
                  tooltip={t('signedFieldsHelp')}
                >
                  <Select
                    mode="multiple"
                    style={{ width: 220 }}
                    options={(
                      (getFieldValue(['settings', 'hiddenFields']) as string[] | undefined) ?? []
                    ).map((f) => ({ value: f, label: f }))}
                  />
                </Form.Item>
              )}
            </Form.Item>
            <Form.Item label={t('opensAt')} name={['settings', 'opensAt']}>
              <DatePicker showTime />
            </Form.Item>
            <Form.Item label={t('closesAt')} name={['settings', 'closesAt']}>
              <DatePicker showTime />
            </Form.Item>
            <Form.Item label={t('responseQuota')} name={['settings', 'responseQuota']}>
              <InputNumber min={1} style={{ width: 140 }} />
            </Form.Item>
            <Form.Item
              label={t('pilotMode')}
              name={['settings', 'pilot']}
              valuePropName="checked"
              tooltip={t('pilotHelp')}
            >
              <Switch />
            </Form.Item>
            <Form.Item
              label={t('speederThreshold')}
              name={['settings', 'quality', 'minSecondsPerAnswer']}
              tooltip={t('speederThresholdHelp')}
            >
              <InputNumber
                min={0}
                max={60}
                step={0.5}
                placeholder="1.5"
                style={{ width: 140 }}
                data-testid="speeder-threshold"
              />
            </Form.Item>
            <Form.Item
              label={t('straightLineThreshold')}
              name={['settings', 'quality', 'straightLineMin']}
              tooltip={t('straightLineThresholdHelp')}
            >
              <InputNumber min={0} max={100} precision={0} placeholder="4" style={{ width: 140 }} />
            </Form.Item>
          </Space>
        </Card>
        <Form.List name="questions">
          {(fields, { remove }) => (
            <>
              {fields.map((field, index) => (
                <Card
                  key={field.key}
                  size="small"
                  title={`${t('questions')} ${index + 1}`}
                  style={{ marginBottom: 12 }}
                  extra={
                    <Button size="small" danger onClick={() => remove(field.name)}>
                      {t('remove')}
                    </Button>
                  }
                >
                  <Space wrap align="start">
                    <Form.Item
                      label={t('questionKey')}
                      name={[field.name, 'key']}
                      rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{0,39}$/ }]}
                    >
                      <Input style={{ width: 140 }} />
                    </Form.Item>
                    <Form.Item label={t('questionType')} name={[field.name, 'type']}>
                      <Select
                        style={{ width: 300 }}
                        options={TYPES.map((type) => ({
                          value: type,
                          label: t(`type.${type}` as MessageKey),
                        }))}
                      />
                    </Form.Item>
                    <Form.Item
                      label={t('required')}
                      name={[field.name, 'required']}
                      valuePropName="checked"
                    >
                      <Switch />
                    </Form.Item>
                    {field.name > 0 && (
                      <Form.Item
                        label={t('pageBreak')}
                        name={[field.name, 'pageBreak']}
                        valuePropName="checked"
                      >
                        <Switch data-testid={`page-break-${field.name}`} />
                      </Form.Item>
                    )}
                  </Space>
                  <Form.Item
                    label={t('questionTitleZh')}
                    name={[field.name, 'title', 'zh-CN']}
                    rules={[{ required: true, whitespace: true }]}
                  >
                    <Input />
                  </Form.Item>
                  <Form.Item label={t('questionTitleEn')} name={[field.name, 'title', 'en-US']}>
                    <Input />
                  </Form.Item>
                  <Form.Item noStyle shouldUpdate>
                    {() => (
                      <TypeSpecificFields
                        name={field.name}
                        type={form.getFieldValue(['questions', field.name, 'type'])}
                      />
                    )}
                  </Form.Item>
                  {index > 0 && (
                    <Form.Item noStyle shouldUpdate>
                      {() => (
                        <ShowIfFields
                          name={field.name}
                          earlier={(form.getFieldValue('questions') as Question[])
                            .slice(0, index)
                            .map((q) => q.key)}
                        />
                      )}
                    </Form.Item>
                  )}
                </Card>
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
}
