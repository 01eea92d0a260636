import { Button, Card, Form, Input, InputNumber, Space, Typography } from 'antd'
import { api } from '../../api/client'
import type { CaseDetail } from '../../api/endpoints'
import type { Me } from '../../api/types'
import { useI18n } from '../../i18n/i18n'

const DAY_MS = 86_400_000

const post = (id: string, action: string, body: object) =>
  api<CaseDetail>('POST', `/cases/${id}/${action}`, body)

/**
 * The decisions of a suggestion (adopt into a new or an existing action plan, decline with a
 * reason, reward its customer's points once) and of praise (pass it on to the employee). The
 * server checks each again (roles, the kind's workflow, a reward given once).
 */
export function WorkItemCard({
  c,
  me,
  act,
}: {
  c: CaseDetail
  me: Me
  act(work: () => Promise<CaseDetail>): void
}) {
  const { t } = useI18n()
  const supervise = me.permissions.includes('cases:supervise')
  const work = me.permissions.includes('cases:work')
  if (c.kind === 'praise') {
    if (!work || c.outcome) return null
    return (
      <Card size="small" title={t('workItem.praise')} data-testid="work-item-card">
        <Form
          layout="inline"
          onFinish={(v: { note?: string }) =>
            act(() => post(c.id, 'pass-on', v.note ? { note: v.note } : {}))
          }
        >
          <Form.Item name="note">
            <Input placeholder={t('praiseNote')} style={{ width: 260, maxWidth: '100%' }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" data-testid="praise-pass-on">
            {t('praisePassOn')}
          </Button>
        </Form>
      </Card>
    )
  }
  if (c.kind !== 'suggestion' || !supervise) return null
  const decidable = !c.outcome && (c.status === 'acknowledged' || c.status === 'investigating')
  return (
    <Card size="small" title={t('workItem.suggestion')} data-testid="work-item-card">
      {decidable && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Form
            layout="inline"
            onFinish={(v: { title: string }) =>
              act(() =>
                post(c.id, 'adopt', {
                  plan: {
                    title: v.title,
                    ownerId: me.user?.id ?? '',
                    dueAt: Date.now() + 30 * DAY_MS,
                  },
                }),
              )
            }
          >
            <Form.Item
              name="title"
              rules={[{ required: true }]}
              initialValue={c.title.slice(0, 200)}
            >
              <Input
                placeholder={t('suggestionPlanTitle')}
                style={{ width: 260, maxWidth: '100%' }}
                data-testid="adopt-plan-title"
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" data-testid="adopt-new-plan">
              {t('suggestionAdoptNew')}
            </Button>
          </Form>
          <Form
            layout="inline"
            onFinish={(v: { planId: string }) =>
              act(() => post(c.id, 'adopt', { planId: v.planId.trim() }))
            }
          >
            <Form.Item name="planId" rules={[{ required: true }]}>
              <Input placeholder={t('suggestionPlanId')} style={{ width: 260, maxWidth: '100%' }} />
            </Form.Item>
            <Button htmlType="submit">{t('suggestionAdoptLink')}</Button>
          </Form>
          <Form
            layout="inline"
            onFinish={(v: { reason: string }) => act(() => post(c.id, 'decline', v))}
          >
            <Form.Item name="reason" rules={[{ required: true, min: 2 }]}>
              <Input
                placeholder={t('suggestionDeclineReason')}
                style={{ width: 260, maxWidth: '100%' }}
                data-testid="decline-reason"
              />
            </Form.Item>
            <Button danger htmlType="submit" data-testid="decline">
              {t('suggestionDecline')}
            </Button>
          </Form>
        </Space>
      )}
      {!c.outcome && !decidable && (
        <Typography.Text type="secondary">{t('suggestionUndecided')}</Typography.Text>
      )}
      {c.outcome === 'adopted' &&
        (c.rewardPoints !== null ? (
          <Typography.Text data-testid="reward-done">
            {t('suggestionRewarded', { points: c.rewardPoints })}
          </Typography.Text>
        ) : (
          <Form
            layout="inline"
            initialValues={{ points: 100 }}
            onFinish={(v: { points: number }) =>
              act(() => post(c.id, 'reward', { points: v.points }))
            }
          >
            <Form.Item
              name="points"
              label={t('suggestionRewardPoints')}
              rules={[{ required: true }]}
            >
              <InputNumber min={1} max={1_000_000} precision={0} data-testid="reward-points" />
            </Form.Item>
            <Button type="primary" htmlType="submit" data-testid="reward">
              {t('suggestionReward')}
            </Button>
          </Form>
        ))}
    </Card>
  )
}
