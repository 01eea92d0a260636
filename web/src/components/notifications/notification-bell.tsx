import { BellOutlined } from '@ant-design/icons'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Badge, Button, Drawer, Empty, List, Typography } from 'antd'
import { useState } from 'react'
import { useNavigate } from 'react-router'
import { usePageWords } from '../../i18n/page-words'
import {
  NOTIFICATION_WORDS_EN,
  NOTIFICATION_WORDS_ZH,
  notificationText,
} from './notification-words'
import {
  fetchNotifications,
  fetchUnread,
  markAllRead,
  markRead,
  type Notification,
} from './notifications-api'

/** How often the unread count is asked for while the app is open. */
const POLL_MS = 60_000

const yuan = (cents: number) => `¥${(cents / 100).toFixed(2)}`

/**
 * The notification centre in the header: a bell with the unread count; opened, the latest
 * notifications in the reader's language, each leading to its evidence (and read once opened).
 */
export function NotificationBell() {
  const { t, locale } = usePageWords(NOTIFICATION_WORDS_ZH, NOTIFICATION_WORDS_EN)
  const [open, setOpen] = useState(false)
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const unread = useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: fetchUnread,
    refetchInterval: POLL_MS,
  })
  const list = useQuery({
    queryKey: ['notifications', 'list'],
    queryFn: fetchNotifications,
    enabled: open,
  })
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['notifications'] })
  const readOne = useMutation({ mutationFn: markRead, onSuccess: refresh })
  const readAll = useMutation({ mutationFn: markAllRead, onSuccess: refresh })
  const count = unread.data?.unread ?? 0
  const openOne = (n: Notification) => {
    if (!n.read) readOne.mutate(n.id)
    setOpen(false)
    if (n.link) navigate(n.link.replace(/^\/app/, '') || '/')
  }
  const when = (at: number) =>
    new Date(at).toLocaleString(locale, {
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    })
  const content = (
    <div className="notification-panel" data-testid="notification-panel">
      {(list.data?.notifications.length ?? 0) === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.none')} />
      ) : (
        <List
          size="small"
          dataSource={list.data?.notifications ?? []}
          renderItem={(n) => {
            const { key, vars } = notificationText(n, yuan, (k) => t(k), locale)
            return (
              <List.Item
                className={n.read ? 'notification-read' : 'notification-unread'}
                data-testid={`notification-${n.kind}`}
                onClick={() => openOne(n)}
                style={{ cursor: 'pointer' }}
              >
                <List.Item.Meta
                  title={<Typography.Text strong={!n.read}>{t(key, vars)}</Typography.Text>}
                  description={when(n.createdAt)}
                />
              </List.Item>
            )
          }}
        />
      )}
      {count > 0 && (
        <Button
          type="link"
          size="small"
          onClick={() => readAll.mutate()}
          data-testid="notifications-read-all"
        >
          {t('notifications.readAll')}
        </Button>
      )}
    </div>
  )
  const title =
    count > 0
      ? `${t('notifications.open')} · ${t('notifications.unread', { count })}`
      : t('notifications.open')
  return (
    <>
      <Badge count={count} size="small" offset={[-4, 4]}>
        <Button
          type="text"
          icon={<BellOutlined />}
          aria-label={
            count > 0
              ? `${t('notifications.open')}, ${t('notifications.unread', { count })}`
              : t('notifications.open')
          }
          aria-expanded={open}
          onClick={() => setOpen(true)}
          data-testid="notification-bell"
        />
      </Badge>
      {/* A drawer rather than a pop-over: it fits a phone's width as well as a desktop's. */}
      <Drawer open={open} onClose={() => setOpen(false)} title={title} width="min(400px, 100vw)">
        {content}
      </Drawer>
    </>
  )
}
