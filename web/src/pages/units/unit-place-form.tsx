import { Button, Checkbox, Col, Form, Input, InputNumber, Row, Typography } from 'antd'
import {
  groupOpeningHours,
  type HoursSpan,
  type OpeningHours,
  parseOpeningHoursText,
  type UnitGeo,
  WEEKDAYS,
  type Weekday,
} from '../../../../src/units/unit-place.schema'
import { usePageWords } from '../../i18n/page-words'
import type { UnitRecord } from './units-api'
import { unitPlaceEnUS, unitPlaceZhCN } from './unit-place-words'

type PlaceForm = {
  provinceCode?: string
  cityCode?: string
  countyCode?: string
  address?: string
  lat?: number | null
  lng?: number | null
} & Partial<Record<`${Weekday}Spans`, string>> &
  Partial<Record<`${Weekday}Closed`, boolean>>

const spansText = (spans: readonly HoursSpan[]) =>
  spans.map((s) => `${s.open}-${s.close}`).join(', ')

/** A day's spans as typed ("08:30-12:00, 14:00-17:30"), or null when they do not read. */
function daySpans(day: Weekday, text: string): HoursSpan[] | null {
  const parsed = parseOpeningHoursText(`${day} ${text}`)
  return 'error' in parsed ? null : (parsed.hours[day] ?? null)
}

function initialValues(unit: UnitRecord): PlaceForm {
  const values: PlaceForm = {
    provinceCode: unit.geo?.provinceCode ?? '',
    cityCode: unit.geo?.cityCode ?? '',
    countyCode: unit.geo?.countyCode ?? '',
    address: unit.geo?.address ?? '',
    lat: unit.geo?.lat ?? null,
    lng: unit.geo?.lng ?? null,
  }
  for (const day of WEEKDAYS) {
    const spans = unit.openingHours?.[day]
    values[`${day}Spans`] = spans ? spansText(spans) : ''
    values[`${day}Closed`] = spans !== undefined && spans.length === 0
  }
  return values
}

function geoOf(v: PlaceForm): UnitGeo | null {
  const geo: UnitGeo = {}
  for (const key of ['provinceCode', 'cityCode', 'countyCode', 'address'] as const) {
    const text = v[key]?.trim()
    if (text) geo[key] = text
  }
  if (typeof v.lat === 'number') geo.lat = v.lat
  if (typeof v.lng === 'number') geo.lng = v.lng
  return Object.keys(geo).length > 0 ? geo : null
}

function hoursOf(v: PlaceForm): OpeningHours | null {
  const hours: OpeningHours = {}
  for (const day of WEEKDAYS) {
    if (v[`${day}Closed`]) hours[day] = []
    else if (v[`${day}Spans`]?.trim()) hours[day] = daySpans(day, v[`${day}Spans`]!.trim()) ?? []
  }
  return Object.keys(hours).length > 0 ? hours : null
}

/** The opening hours in words: "周一至周五 08:30–17:30；周日 休息". */
export function useOpeningHoursWords(): (hours: OpeningHours) => string {
  const { t, locale } = usePageWords(unitPlaceZhCN, unitPlaceEnUS)
  return (hours) =>
    groupOpeningHours(hours)
      .map((g) => {
        const days =
          g.from === g.to
            ? t(`place.day.${g.from}`)
            : t('place.range', { from: t(`place.day.${g.from}`), to: t(`place.day.${g.to}`) })
        const spans =
          g.spans.length === 0
            ? t('place.closed')
            : g.spans.map((s) => `${s.open}–${s.close}`).join(locale === 'en-US' ? ', ' : '、')
        return `${days} ${spans}`
      })
      .join(locale === 'en-US' ? '; ' : '；')
}

/** What the detail card shows of a unit's place: divisions, address, opening hours. */
export function UnitPlaceSummary({ unit }: { unit: UnitRecord }) {
  const { t } = usePageWords(unitPlaceZhCN, unitPlaceEnUS)
  const hoursWords = useOpeningHoursWords()
  const codes = [unit.geo?.provinceCode, unit.geo?.cityCode, unit.geo?.countyCode].filter(Boolean)
  return (
    <div data-testid="unit-place-summary">
      {codes.length > 0 && (
        <Typography.Paragraph style={{ marginBottom: 4 }}>
          {t('place.summaryCodes', { codes: codes.join(' / ') })}
        </Typography.Paragraph>
      )}
      {unit.geo?.address && (
        <Typography.Paragraph style={{ marginBottom: 4 }}>
          {t('place.summaryAddress', { address: unit.geo.address })}
        </Typography.Paragraph>
      )}
      <Typography.Paragraph style={{ marginBottom: 4 }}>
        {t('place.summaryHours', {
          hours: unit.openingHours ? hoursWords(unit.openingHours) : t('place.none'),
        })}
      </Typography.Paragraph>
    </div>
  )
}

/** Edit a unit's geography and opening hours; the server checks both again. */
export function UnitPlaceForm({
  unit,
  busy,
  onSave,
}: {
  unit: UnitRecord
  busy: boolean
  onSave: (input: { geo: UnitGeo | null; openingHours: OpeningHours | null }) => void
}) {
  const { t } = usePageWords(unitPlaceZhCN, unitPlaceEnUS)
  const [form] = Form.useForm<PlaceForm>()
  const code = { pattern: /^\d{6}$/, message: t('place.codeHint') }
  return (
    <Form
      form={form}
      layout="vertical"
      disabled={busy}
      initialValues={initialValues(unit)}
      onFinish={(v) => onSave({ geo: geoOf(v), openingHours: hoursOf(v) })}
      data-testid="unit-place-form"
    >
      <Row gutter={8}>
        <Col xs={24} sm={8}>
          <Form.Item name="provinceCode" label={t('place.province')} rules={[code]}>
            <Input inputMode="numeric" maxLength={6} data-testid="unit-place-province" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="cityCode" label={t('place.city')} rules={[code]}>
            <Input inputMode="numeric" maxLength={6} data-testid="unit-place-city" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="countyCode" label={t('place.county')} rules={[code]}>
            <Input inputMode="numeric" maxLength={6} data-testid="unit-place-county" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="address" label={t('place.address')} rules={[{ max: 200 }]}>
        <Input data-testid="unit-place-address" />
      </Form.Item>
      <Row gutter={8}>
        <Col span={12}>
          <Form.Item
            name="lat"
            label={t('place.lat')}
            dependencies={['lng']}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_, lat) =>
                  (typeof lat === 'number') === (typeof getFieldValue('lng') === 'number')
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('place.latLngTogether'))),
              }),
            ]}
          >
            <InputNumber min={-90} max={90} step={0.0001} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="lng" label={t('place.lng')}>
            <InputNumber min={-180} max={180} step={0.0001} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Typography.Text strong>{t('place.hours')}</Typography.Text>
      <Typography.Paragraph type="secondary">{t('place.hoursHint')}</Typography.Paragraph>
      {WEEKDAYS.map((day) => (
        <Row key={day} gutter={8} align="top" wrap={false}>
          <Col flex="48px" style={{ paddingTop: 5 }}>
            {t(`place.day.${day}`)}
          </Col>
          <Col flex="auto">
            <Form.Item
              name={`${day}Spans`}
              dependencies={[`${day}Closed`]}
              style={{ marginBottom: 8 }}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_, text?: string) =>
                    getFieldValue(`${day}Closed`) || !text?.trim() || daySpans(day, text.trim())
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('place.spansInvalid'))),
                }),
              ]}
            >
              <Input
                placeholder="08:30-17:30"
                aria-label={`${t('place.hours')} ${t(`place.day.${day}`)}`}
                data-testid={`unit-hours-${day}`}
              />
            </Form.Item>
          </Col>
          <Col flex="none" style={{ paddingTop: 5 }}>
            <Form.Item name={`${day}Closed`} valuePropName="checked" noStyle>
              <Checkbox data-testid={`unit-closed-${day}`}>{t('place.closed')}</Checkbox>
            </Form.Item>
          </Col>
        </Row>
      ))}
      <Button htmlType="submit" data-testid="unit-place-save">
        {t('place.save')}
      </Button>
    </Form>
  )
}
