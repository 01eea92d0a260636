import { MenuFoldOutlined, MenuOutlined, MenuUnfoldOutlined } from '@ant-design/icons'
import { useQueryClient } from '@tanstack/react-query'
import { Button, ConfigProvider, Drawer, Layout, type ThemeConfig, Typography } from 'antd'
import { type ReactNode, useState } from 'react'
import { Link, useLocation } from 'react-router'
import { logout } from '../api/endpoints'
import type { Me } from '../api/types'
import { useShellI18n } from './shell/shell-i18n'
import { homePath } from './home-path'
import { NotificationBell } from './notifications/notification-bell'
import { OrgSwitcher } from './org-switcher'
import { navItemOf, navItemsFor } from './shell/nav-items'
import { ShellBreadcrumbs } from './shell/shell-breadcrumbs'
import { SideMenu } from './shell/side-menu'
import './shell/shell.css'

const COLLAPSED_KEY = 'manyi.menuCollapsed'

/**
 * WCAG 2.1 AA contrast (4.5:1) inside the signed-in app: the library's default blue (#1677ff,
 * 4.1:1 on white, and white on it), its light greys for secondary text and placeholders
 * (45% and 25% black) and its green and red for text are below it; these are the library's own
 * darker shades of each. Tags' preset colours follow in shell.css.
 */
const ACCESSIBLE_THEME: ThemeConfig = {
  token: {
    colorPrimary: '#0958d9',
    colorLink: '#0958d9',
    colorTextDescription: 'rgba(0, 0, 0, 0.62)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)',
    colorSuccess: '#389e0d',
    colorSuccessText: '#237804',
    colorErrorText: '#a8071a',
    colorWarningText: '#ad4e00',
  },
}

/** The product's mark: a smile in a rounded square, in the theme's blue. */
function Logo() {
  return (
    <svg width="28" height="28" viewBox="0 0 28 28" aria-hidden="true" focusable="false">
      <rect width="28" height="28" rx="7" fill="#1677ff" />
      <path
        d="M8 15.5c1.4 2.6 3.5 4 6 4s4.6-1.4 6-4"
        stroke="#fff"
        strokeWidth="2.4"
        strokeLinecap="round"
        fill="none"
      />
      <circle cx="10" cy="10.5" r="1.7" fill="#fff" />
      <circle cx="18" cy="10.5" r="1.7" fill="#fff" />
    </svg>
  )
}

/**
 * The admin app's frame, after Ant Design Pro: a side menu of the pages the member may open,
 * grouped Measure / Listen / Recover / Analyse / Settings, with icons and the current page
 * marked, collapsible to icons; a header with the organisation switcher, the member, language and
 * sign-out; breadcrumbs above each page. Below a laptop's width (shell.css) the side menu gives
 * way to a drawer behind a menu button, so a phone shows one header row.
 */
export function AppLayout({ me, children }: { me: Me; children: ReactNode }) {
  const { t, locale, setLocale } = useShellI18n()
  const queryClient = useQueryClient()
  const { pathname } = useLocation()
  const [menuOpen, setMenuOpen] = useState(false)
  const [collapsed, setCollapsed] = useState(() => localStorage.getItem(COLLAPSED_KEY) === '1')
  const items = navItemsFor(me)
  const active = navItemOf(items, pathname)
  const home = homePath(me)
  const who = `${me.organisation.name} · ${me.user?.displayName ?? me.role}`
  const toggle = () => {
    localStorage.setItem(COLLAPSED_KEY, collapsed ? '0' : '1')
    setCollapsed(!collapsed)
  }
  const signOut = async () => {
    await logout()
    // Forget the signed-in data, then ask /auth/me again: its 401 shows the login page. (clear()
    // would also drop the 'me' query, leaving nothing to refetch and the pages on screen.)
    queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'me' })
    await queryClient.resetQueries({ queryKey: ['me'] })
  }
  return (
    <ConfigProvider theme={ACCESSIBLE_THEME}>
      <Layout className="app-shell" hasSider>
        <Layout.Sider
          className="app-sider"
          theme="light"
          width={224}
          collapsedWidth={64}
          collapsed={collapsed}
          trigger={null}
        >
          <Link to={home} className="app-sider-brand" aria-label={t('appName')}>
            <Logo />
            {!collapsed && <span>{t('appName')}</span>}
          </Link>
          <nav aria-label={t('navigation')} className="app-sider-nav">
            <SideMenu items={items} active={active} collapsed={collapsed} />
          </nav>
        </Layout.Sider>
        <Layout className="app-main">
          <Layout.Header className="app-header">
            <div className="app-header-start">
              <Button
                className="app-menu-button"
                type="text"
                icon={<MenuOutlined />}
                aria-label={t('navigation')}
                aria-expanded={menuOpen}
                onClick={() => setMenuOpen(true)}
                data-testid="nav-menu"
              />
              <Button
                className="app-collapse-button"
                type="text"
                icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
                aria-label={collapsed ? t('shell.expand') : t('shell.collapse')}
                aria-expanded={!collapsed}
                onClick={toggle}
                data-testid="nav-collapse"
              />
              <Link to={home} className="app-brand">
                {t('appName')}
              </Link>
            </div>
            <div className="app-account">
              <NotificationBell />
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
          <Layout.Content className="app-content">
            <ShellBreadcrumbs items={items} homePath={home} />
            {children}
          </Layout.Content>
        </Layout>
        <Drawer
          placement="left"
          size={280}
          open={menuOpen}
          onClose={() => setMenuOpen(false)}
          title={t('appName')}
          destroyOnHidden
          className="app-drawer"
        >
          <Typography.Text type="secondary" className="app-drawer-who">
            {who}
          </Typography.Text>
          <nav className="app-drawer-nav" aria-label={t('navigation')}>
            <SideMenu items={items} active={active} onNavigate={() => setMenuOpen(false)} />
          </nav>
        </Drawer>
      </Layout>
    </ConfigProvider>
  )
}
