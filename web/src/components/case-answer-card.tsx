import { Card, Descriptions, Space, Tag, Typography } from 'antd'
import type { CaseContext } from '../api/case-context-api'
import { useI18n } from '../i18n/i18n'
import { localizedText } from './localized-text'
import { zonedTimeLabelled } from './zoned-time'

type CaseAnswer = NonNullable<CaseContext['answer']>

/**
 * Everything the customer answered in the survey the case came from, in the survey's order and
 * in the reader's language — the agent calls back knowing all of it, not only the score that
 * opened the case — with the link's hidden fields (户号, district …) beneath.
 */
export function CaseAnswerCard({
  answer,
  context,
  followUp = false,
}: {
  answer: CaseAnswer
  context: CaseContext
  /** The follow-up survey's answer (回访), not the one the case was opened from. */
  followUp?: boolean
}) {
  const { t, locale } = useI18n()
  const submitted = zonedTimeLabelled(
    answer.submittedAt,
    context.timeZone,
    context.timeZoneLabel[locale],
    locale,
  )
  return (
    <Card
      size="small"
      type="inner"
      title={t(followUp ? 'caseFollowUpAnswers' : 'caseSurveyAnswers', {
        title: localizedText(answer.surveyTitle, locale),
      })}
      // The survey's name may be long: it wraps instead of being cut on a phone.
      styles={{ title: { whiteSpace: 'normal' } }}
      style={{ marginTop: 8 }}
      data-testid={followUp ? 'case-follow-up-answers' : 'case-survey-answers'}
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('caseSurveySubmitted', { time: submitted })}
      </Typography.Paragraph>
      <Descriptions
        size="small"
        column={1}
        bordered
        items={answer.items.map((item) => ({
          key: item.key,
          label: localizedText(item.title, locale),
          children: (
            <span
              data-testid={`${followUp ? 'follow-up-answer' : 'case-answer'}-${item.key}`}
              style={{ whiteSpace: 'pre-wrap' }}
            >
              {item.text[locale]}
            </span>
          ),
        }))}
      />
      {answer.hiddenFields.length > 0 && (
        <Space wrap style={{ marginTop: 8 }}>
          <Typography.Text type="secondary">{t('caseHiddenFields')}</Typography.Text>
          {answer.hiddenFields.map((h) => (
            <Tag key={h.field} data-testid="case-hidden-field">
              {h.field} = {h.value}
            </Tag>
          ))}
        </Space>
      )}
    </Card>
  )
}
