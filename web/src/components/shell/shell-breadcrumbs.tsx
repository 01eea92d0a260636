import { HomeOutlined } from '@ant-design/icons'
import { Breadcrumb } from 'antd'
import { Link, useLocation } from 'react-router'
import { useShellI18n } from './shell-i18n'
import { NAV_GROUPS, navItemOf, type NavItem } from './nav-items'

/**
 * Where the page sits: home › heading › page › sub-page (a survey's dashboard, a case), each
 * level but the last a link. Read from the navigation list, so a new page has its trail too.
 */
export function ShellBreadcrumbs({
  items,
  homePath,
}: {
  items: readonly NavItem[]
  homePath: string
}) {
  const { t } = useShellI18n()
  const { pathname } = useLocation()
  const home = navItemOf(items, homePath)
  const page = navItemOf(items, pathname)
  const sub = page?.subPages?.find((s) => s.pattern.test(pathname))
  const trail: Array<{ key: string; title: React.ReactNode }> = []
  const homeTitle = (
    <>
      <HomeOutlined aria-hidden /> <span>{t(home?.label ?? 'shell.home')}</span>
    </>
  )
  if (page === home && !sub) trail.push({ key: 'home', title: homeTitle })
  else {
    trail.push({ key: 'home', title: <Link to={homePath}>{homeTitle}</Link> })
    if (page) {
      const group = NAV_GROUPS.find((g) => g.group === page.group)
      if (group && page.group !== 'home') trail.push({ key: 'group', title: t(group.label) })
      trail.push({
        key: 'page',
        title: sub ? <Link to={page.to}>{t(page.label)}</Link> : t(page.label),
      })
      if (sub) trail.push({ key: 'sub', title: t(sub.label) })
    }
  }
  return (
    <Breadcrumb
      className="app-breadcrumbs"
      aria-label={t('shell.breadcrumb')}
      data-testid="breadcrumbs"
      items={trail}
    />
  )
}
