import { ArrowDownOutlined, ArrowUpOutlined, HolderOutlined } from '@ant-design/icons'
import { Button, Card, Form, Input, Select, Space, Switch } from 'antd'
import type { Question, SurveyInput } from '../../../../src/surveys/survey.schema'
import { useI18n, type MessageKey } from '../../i18n/i18n'
import type { FormInstance, FormListFieldData } from 'antd'
import { ShowIfFields, TypeSpecificFields } from './question-fields'
import { TYPES } from './new-question'
import { NEW_EDITOR_TYPES, NewTypeFields } from './new-type-fields'

/** The card under a point of the screen, by its index among the questions. */
function cardIndexAt(x: number, y: number): number | null {
  const card = document.elementFromPoint(x, y)?.closest<HTMLElement>('[data-question-index]')
  return card ? Number(card.dataset.questionIndex) : null
}

/** The card a drag would drop on, outlined while the pointer is over it. */
let marked: HTMLElement | null = null
function markCard(x: number, y: number): void {
  const card = document.elementFromPoint(x, y)?.closest<HTMLElement>('[data-question-index]')
  if (card === marked) return
  if (marked) marked.style.outline = ''
  marked = card ?? null
  if (marked) marked.style.outline = '2px dashed #1677ff'
}

/**
 * Pointer drag on a question's handle (mouse, pen or finger): the pointer is captured while it is
 * held, the card under it is outlined, and releasing it over another card moves the question
 * there. The move-up and move-down buttons do the same by keyboard.
 */
function dragHandlers(index: number, move: (from: number, to: number) => void) {
  return {
    onPointerDown: (e: React.PointerEvent<HTMLButtonElement>) => {
      if (e.button !== 0) return
      e.currentTarget.setPointerCapture(e.pointerId)
      e.currentTarget.style.cursor = 'grabbing'
    },
    onPointerMove: (e: React.PointerEvent<HTMLButtonElement>) => {
      if (e.currentTarget.hasPointerCapture(e.pointerId)) markCard(e.clientX, e.clientY)
    },
    onPointerUp: (e: React.PointerEvent<HTMLButtonElement>) => {
      if (!e.currentTarget.hasPointerCapture(e.pointerId)) return
      e.currentTarget.releasePointerCapture(e.pointerId)
      e.currentTarget.style.cursor = 'grab'
      markCard(-1, -1)
      const to = cardIndexAt(e.clientX, e.clientY)
      if (to !== null && to !== index) move(index, to)
    },
    onPointerCancel: (e: React.PointerEvent<HTMLButtonElement>) => {
      e.currentTarget.style.cursor = 'grab'
      markCard(-1, -1)
    },
  }
}

/** One question of the survey: key, type, title, what its type needs, and when it shows. */
export function QuestionCard({
  field,
  index,
  remove,
  form,
  move,
  count = 0,
}: {
  field: FormListFieldData
  index: number
  remove: (name: number) => void
  form: FormInstance<SurveyInput>
  /** Reorder: drag the card's handle onto another card, or use the up and down buttons. */
  move?: (from: number, to: number) => void
  count?: number
}) {
  const { t } = useI18n()
  return (
    <Card
      size="small"
      title={
        <Space>
          {move && (
            <button
              type="button"
              aria-label={t('qt.dragToReorder')}
              data-testid={`drag-question-${index}`}
              title={t('qt.dragToReorder')}
              style={{
                cursor: 'grab',
                border: 0,
                background: 'none',
                padding: 0,
                // A finger's drag on the handle moves the question instead of scrolling the page.
                touchAction: 'none',
              }}
              {...dragHandlers(index, move)}
            >
              <HolderOutlined aria-hidden />
            </button>
          )}
          {t('questionN', { n: index + 1 })}
        </Space>
      }
      style={{ marginBottom: 12 }}
      data-testid={`question-card-${index}`}
      data-question-index={index}
      extra={
        <Space>
          {move && (
            <>
              <Button
                size="small"
                icon={<ArrowUpOutlined />}
                aria-label={t('qt.moveUp')}
                title={t('qt.moveUp')}
                disabled={index === 0}
                onClick={() => move(index, index - 1)}
              />
              <Button
                size="small"
                icon={<ArrowDownOutlined />}
                aria-label={t('qt.moveDown')}
                title={t('qt.moveDown')}
                disabled={index >= count - 1}
                onClick={() => move(index, index + 1)}
              />
            </>
          )}
          <Button size="small" danger onClick={() => remove(field.name)}>
            {t('remove')}
          </Button>
        </Space>
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
        <Form.Item label={t('required')} name={[field.name, 'required']} valuePropName="checked">
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
        {() => {
          const type = form.getFieldValue(['questions', field.name, 'type'])
          return NEW_EDITOR_TYPES.has(type) ? (
            <NewTypeFields name={field.name} type={type} />
          ) : (
            <TypeSpecificFields name={field.name} type={type} />
          )
        }}
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
  )
}
