import { useQueryClient } from '@tanstack/react-query'
import { Button, Drawer, Layout, Typography } from 'antd'
import { type ReactNode, useState } from 'react'
import { Link, NavLink } from 'react-router'
import { logout } from '../api/endpoints'
import type { Me } from '../api/types'
import { OrgSwitcher } from './org-switcher'
import { type MessageKey, useI18n } from '../i18n/i18n'

interface NavItem {
  to: string
  label: MessageKey
  testId: string
  /** The permission the page needs; none: everyone signed in. */
  permission?: string
}

const NAV: readonly NavItem[] = [
  { to: '/surveys', label: 'surveys', testId: 'nav-surveys', permission: 'surveys:read' },
  { to: '/analyses', label: 'analyses', testId: 'nav-analyses', permission: 'analyses:run' },
  { to: '/cases', label: 'cases', testId: 'nav-cases', permission: 'cases:read' },
  { to: '/sla-board', label: 'slaBoard', testId: 'nav-sla', permission: 'cases:supervise' },
  {
    to: '/complaints',
    label: 'complaintAnalytics',
    testId: 'nav-complaints',
    permission: 'cases:read',
  },
  { to: '/text', label: 'textInsights', testId: 'nav-text', permission: 'cases:read' },
  {
    to: '/case-settings',
    label: 'caseSettings',
    testId: 'nav-case-settings',
    permission: 'cases:configure',
  },
  { to: '/users', label: 'users', testId: 'nav-users', permission: 'users:read' },
  { to: '/account', label: 'myAccount', testId: 'nav-account' },
  { to: '/roles', label: 'roles', testId: 'nav-roles', permission: 'roles:manage' },
  { to: '/audit', label: 'auditLog', testId: 'nav-audit', permission: 'audit:read' },
  {
    to: '/organisation',
    label: 'organisationSettings',
    testId: 'nav-organisation',
    permission: 'organisation:write',
  },
]

const OPERATOR_NAV: NavItem = { to: '/operator', label: 'operatorConsole', testId: 'nav-operator' }

/** Three bars: the menu button's icon (the icon package is not a dependency of the app). */
function MenuIcon() {
  return (
    <svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true" focusable="false">
      <path
        d="M2 4h14M2 9h14M2 14h14"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
      />
    </svg>
  )
}

/**
 * The admin app's frame. On a wide window the pages are links in the header; below a laptop's
 * width (app.css) they move into a drawer behind a menu button, so a phone shows one header row
 * instead of links squeezed to a character per line.
 */
export function AppLayout({ me, children }: { me: Me; children: ReactNode }) {
  const { t, locale, setLocale } = useI18n()
  const queryClient = useQueryClient()
  const [menuOpen, setMenuOpen] = useState(false)
  const items = [
    ...NAV.filter((item) => !item.permission || me.permissions.includes(item.permission)),
    // The operator console is the instance's, not an organisation's: for operators only.
    ...(me.isOperator ? [OPERATOR_NAV] : []),
  ]
  const who = `${me.organisation.name} · ${me.user?.displayName ?? me.role}`
  const signOut = async () => {
    await logout()
    // Forget the signed-in data, then ask /auth/me again: its 401 shows the login page. (clear()
    // would also drop the 'me' query, leaving nothing to refetch and the pages on screen.)
    queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'me' })
    await queryClient.resetQueries({ queryKey: ['me'] })
  }
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header className="app-header">
        <nav className="app-nav" aria-label={t('navigation')}>
          <Button
            className="app-menu-button"
            type="text"
            icon={<MenuIcon />}
            aria-label={t('navigation')}
            aria-expanded={menuOpen}
            onClick={() => setMenuOpen(true)}
            data-testid="nav-menu"
          />
          <Link to="/surveys" className="app-brand">
            {t('appName')}
          </Link>
          {items.map((item) => (
            <NavLink key={item.to} to={item.to} className="app-nav-link" data-testid={item.testId}>
              {t(item.label)}
            </NavLink>
          ))}
        </nav>
        <div className="app-account">
          <OrgSwitcher me={me} />
          <Typography.Text type="secondary" className="app-account-name" title={who}>
            {who}
          </Typography.Text>
          {/* The other language's name in its own words; no space inserted between 中 and 文. */}
          <Button
            size="small"
            autoInsertSpace={false}
            onClick={() => setLocale(locale === 'zh-CN' ? 'en-US' : 'zh-CN')}
            data-testid="switch-language"
          >
            {t('language')}
          </Button>
          <Button size="small" onClick={signOut}>
            {t('logout')}
          </Button>
        </div>
      </Layout.Header>
      <Drawer
        placement="left"
        size={280}
        open={menuOpen}
        onClose={() => setMenuOpen(false)}
        title={t('appName')}
        destroyOnHidden
      >
        <Typography.Text type="secondary">{who}</Typography.Text>
        <nav className="app-drawer-nav" aria-label={t('navigation')}>
          {items.map((item) => (
            <NavLink
              key={item.to}
              to={item.to}
              data-testid={item.testId}
              onClick={() => setMenuOpen(false)}
            >
              {t(item.label)}
            </NavLink>
          ))}
        </nav>
      </Drawer>
      <Layout.Content className="app-content">{children}</Layout.Content>
    </Layout>
  )
}
