import { api } from '../../api/client'
import type {
  Alert,
  AlertRule,
  AlertRuleKind,
  AlertSubscription,
} from '../../../../src/alerts/alert.schema'
import type {
  NotificationSettings,
  RobotChannel,
} from '../../../../src/notifications/notification.schema'

export type {
  Alert,
  AlertRule,
  AlertRuleKind,
  AlertSubscription,
  NotificationSettings,
  RobotChannel,
}
export { ALERT_RULE_KINDS } from '../../../../src/alerts/alert.schema'

export const fetchAlertRules = () =>
  api<{ rules: AlertRule[] }>('GET', '/alert-rules').then((r) => r.rules)
export const createAlertRule = (body: unknown) => api<AlertRule>('POST', '/alert-rules', body)
export const replaceAlertRule = (id: string, body: unknown) =>
  api<AlertRule>('PUT', `/alert-rules/${id}`, body)
export const deleteAlertRule = (id: string) => api<void>('DELETE', `/alert-rules/${id}`)
export const fetchRuleAlerts = () =>
  api<{ alerts: Alert[] }>('GET', '/rule-alerts').then((r) => r.alerts)
export const fetchRuleAlert = (id: string) => api<Alert>('GET', `/rule-alerts/${id}`)
export const fetchSubscriptions = () =>
  api<{ subscriptions: AlertSubscription[] }>('GET', '/me/alert-subscriptions').then(
    (r) => r.subscriptions,
  )
export const addSubscription = (body: { ruleId: string | null; unitId: string | null }) =>
  api<AlertSubscription>('POST', '/me/alert-subscriptions', body)
export const removeSubscription = (id: string) =>
  api<void>('DELETE', `/me/alert-subscriptions/${id}`)
export const fetchNotificationSettings = () =>
  api<NotificationSettings>('GET', '/me/notification-settings')
export const saveNotificationSettings = (body: {
  email: boolean
  quietFrom: string | null
  quietTo: string | null
}) => api<NotificationSettings>('PUT', '/me/notification-settings', body)
export const fetchRobotChannels = () =>
  api<{ channels: RobotChannel[] }>('GET', '/robot-channels').then((r) => r.channels)
export const addRobotChannel = (body: unknown) => api<RobotChannel>('POST', '/robot-channels', body)
export const testRobotChannel = (id: string) =>
  api<{ delivered: boolean; error: string | null }>('POST', `/robot-channels/${id}/test`)
export const deleteRobotChannel = (id: string) => api<void>('DELETE', `/robot-channels/${id}`)
