import { api } from '../../api/client'
import type {
  Notification,
  NotificationList,
} from '../../../../src/notifications/notification.schema'

export type { Notification, NotificationList }

export const fetchNotifications = () => api<NotificationList>('GET', '/me/notifications?limit=20')
export const fetchUnread = () => api<{ unread: number }>('GET', '/me/notifications/unread')
export const markRead = (id: string) =>
  api<{ unread: number }>('POST', `/me/notifications/${id}/read`)
export const markAllRead = () => api<{ unread: number }>('POST', '/me/notifications/read-all')
