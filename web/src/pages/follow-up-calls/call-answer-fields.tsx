import { Checkbox, Form, Input, Radio, Typography } from 'antd'
import { isScaleType, SCALES, type Question } from '../../../../src/surveys/survey.schema'
import { localizedText } from '../../components/localized-text'

/**
 * The survey's questions as the agent fills them in during the call: scales as buttons, choices,
 * comments. Types a voice call cannot carry (files, signatures, locations …) are shown and skipped;
 * the server checks the answers exactly as a web answer (ANSWERS_INVALID names the question).
 */
export function CallAnswerFields({
  questions,
  locale,
  notAsked,
}: {
  questions: readonly Question[]
  locale: 'zh-CN' | 'en-US'
  notAsked: string
}) {
  return (
    <>
      {questions.map((q, index) => (
        <Form.Item
          key={q.key}
          name={q.key}
          label={`${index + 1}. ${localizedText(q.title, locale)}`}
          rules={q.required ? [{ required: true }] : []}
          data-testid={`call-q-${q.key}`}
        >
          <AnswerInput question={q} locale={locale} notAsked={notAsked} />
        </Form.Item>
      ))}
    </>
  )
}

function scaleValues(type: Question['type']): number[] {
  if (!isScaleType(type)) return []
  const { min, max, step = 1 } = SCALES[type]
  const values: number[] = []
  for (let v = min; v <= max; v += step) values.push(v)
  return values
}

function AnswerInput({
  question,
  locale,
  notAsked,
  ...control
}: {
  question: Question
  locale: 'zh-CN' | 'en-US'
  notAsked: string
  value?: unknown
  onChange?: (value: unknown) => void
}) {
  const options = question.options ?? []
  if (isScaleType(question.type))
    return (
      <Radio.Group
        optionType="button"
        size="small"
        value={control.value}
        onChange={(e) => control.onChange?.(e.target.value)}
        options={scaleValues(question.type).map((v) => ({ label: String(v), value: v }))}
      />
    )
  if (question.type === 'text')
    return (
      <Input.TextArea
        rows={2}
        maxLength={2000}
        value={control.value as string | undefined}
        onChange={(e) => control.onChange?.(e.target.value)}
      />
    )
  if (question.type === 'single')
    return (
      <Radio.Group
        value={control.value}
        onChange={(e) => control.onChange?.(e.target.value)}
        options={options.map((o) => ({ label: localizedText(o.label, locale), value: o.key }))}
      />
    )
  if (question.type === 'multiple')
    return (
      <Checkbox.Group
        value={control.value as string[] | undefined}
        onChange={(v) => control.onChange?.(v)}
        options={options.map((o) => ({ label: localizedText(o.label, locale), value: o.key }))}
      />
    )
  return <Typography.Text type="secondary">{notAsked}</Typography.Text>
}
