import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Card, List, Tag, Typography } from 'antd'
import { endSession, fetchSessions } from '../../api/account'
import { useI18n } from '../../i18n/i18n'

/** One's sessions: where and when each was used, the current one marked, the others to end. */
export function SessionsCard() {
  const { t, errorText, locale } = useI18n()
  const queryClient = useQueryClient()
  const sessions = useQuery({ queryKey: ['sessions'], queryFn: fetchSessions })
  const end = useMutation({
    mutationFn: endSession,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['sessions'] }),
  })
  const when = (iso: string | null) =>
    iso ? new Date(iso).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' }) : '—'
  return (
    <Card title={t('sessionsTitle')} data-testid="sessions-card">
      {end.error && (
        <Alert type="error" showIcon title={errorText(end.error)} style={{ marginBottom: 12 }} />
      )}
      <List
        loading={sessions.isPending}
        dataSource={sessions.data ?? []}
        renderItem={(s) => (
          <List.Item
            data-testid="session-row"
            actions={
              s.current
                ? [
                    <Tag color="blue" key="current">
                      {t('sessionCurrent')}
                    </Tag>,
                  ]
                : [
                    <Button
                      key="end"
                      size="small"
                      danger
                      loading={end.isPending && end.variables === s.id}
                      onClick={() => end.mutate(s.id)}
                    >
                      {t('sessionEnd')}
                    </Button>,
                  ]
            }
          >
            <List.Item.Meta
              title={
                <Typography.Text ellipsis style={{ maxWidth: '100%' }}>
                  {s.userAgent ?? '—'}
                </Typography.Text>
              }
              description={
                <>
                  <div>
                    {t('sessionAddress')}: {s.address ?? '—'}
                  </div>
                  <div>
                    {t('sessionCreated')}: {when(s.createdAt)} · {t('sessionLastSeen')}:{' '}
                    {when(s.lastSeenAt)}
                  </div>
                </>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  )
}
