import { ArrowDownOutlined, ArrowUpOutlined, HolderOutlined } from '@ant-design/icons'
import { useState } from 'react'
import { Button, Card, Form, Input, Select, Space, Switch } from 'antd'
import type { Question, SurveyInput } from '../../../../src/surveys/survey.schema'
import { useI18n, type MessageKey } from '../../i18n/i18n'
import type { FormInstance, FormListFieldData } from 'antd'
import { ShowIfFields, TypeSpecificFields } from './question-fields'
import { TYPES } from './new-question'
import { NEW_EDITOR_TYPES, NewTypeFields } from './new-type-fields'

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
  const [over, setOver] = useState(false)
  return (
    <Card
      size="small"
      title={
        <Space>
          {move && (
            <button
              type="button"
              draggable
              aria-label={t('qt.dragToReorder')}
              data-testid={`drag-question-${index}`}
              title={t('qt.dragToReorder')}
              style={{ cursor: 'grab', border: 0, background: 'none', padding: 0 }}
              onDragStart={(e) => {
                e.dataTransfer.setData('text/x-question-index', String(index))
                e.dataTransfer.effectAllowed = 'move'
              }}
            >
              <HolderOutlined aria-hidden />
            </button>
          )}
          {t('questionN', { n: index + 1 })}
        </Space>
      }
      style={{ marginBottom: 12, ...(over ? { outline: '2px dashed #1677ff' } : {}) }}
      data-testid={`question-card-${index}`}
      onDragOver={(e) => {
        if (!move || !e.dataTransfer.types.includes('text/x-question-index')) return
        e.preventDefault()
        setOver(true)
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        setOver(false)
        const from = Number(e.dataTransfer.getData('text/x-question-index'))
        if (move && Number.isInteger(from) && from !== index) move(from, index)
      }}
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
