import { useQueryClient } from '@tanstack/react-query'
import { Button, Layout, Space, Typography } from 'antd'
import type { ReactNode } from 'react'
import { Link } from 'react-router'
import { logout } from '../api/endpoints'
import type { Me } from '../api/types'
import { useI18n } from '../i18n/i18n'

export function AppLayout({ me, children }: { me: Me; children: ReactNode }) {
  const { t, locale, setLocale } = useI18n()
  const queryClient = useQueryClient()
  const can = (permission: string) => me.permissions.includes(permission)
  const signOut = async () => {
    await logout()
    queryClient.clear()
    await queryClient.invalidateQueries({ queryKey: ['me'] })
  }
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header className="app-header">
        <Space size={[16, 4]} wrap className="app-nav">
          <Link to="/surveys" style={{ fontSize: 20, fontWeight: 700, color: '#1677ff' }}>
            {t('appName')}
          </Link>
          <Link to="/surveys">{t('surveys')}</Link>
          <Link to="/analyses" data-testid="nav-analyses">
            {t('analyses')}
          </Link>
          {can('cases:read') && (
            <Link to="/cases" data-testid="nav-cases">
              {t('cases')}
            </Link>
          )}
          {can('cases:supervise') && (
            <Link to="/sla-board" data-testid="nav-sla">
              {t('slaBoard')}
            </Link>
          )}
          <Link to="/complaints" data-testid="nav-complaints">
            {t('complaintAnalytics')}
          </Link>
          <Link to="/text" data-testid="nav-text">
            {t('textInsights')}
          </Link>
          {can('cases:configure') && (
            <Link to="/case-settings" data-testid="nav-case-settings">
              {t('caseSettings')}
            </Link>
          )}
          {can('users:read') && <Link to="/users">{t('users')}</Link>}
          {can('audit:read') && (
            <Link to="/audit" data-testid="nav-audit">
              {t('auditLog')}
            </Link>
          )}
          {can('organisation:write') && (
            <Link to="/organisation" data-testid="nav-organisation">
              {t('organisationSettings')}
            </Link>
          )}
        </Space>
        <Space wrap size={[8, 4]}>
          <Typography.Text type="secondary">
            {me.organisation.name} · {me.user?.displayName ?? me.role}
          </Typography.Text>
          <Button
            size="small"
            onClick={() => setLocale(locale === 'zh-CN' ? 'en-US' : 'zh-CN')}
            data-testid="switch-language"
          >
            {t('language')}
          </Button>
          <Button size="small" onClick={signOut}>
            {t('logout')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content className="app-content">{children}</Layout.Content>
    </Layout>
  )
}
