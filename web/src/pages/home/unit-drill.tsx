import { Breadcrumb, Space, Typography } from 'antd'
import { Link } from 'react-router'
import type { Overview } from '../../api/overview'
import { usePageWords } from '../../i18n/page-words'
import { unitDrillEnUS, unitDrillZhCN } from './unit-drill-words'
import { unitNameIn } from '../units/unit-name'

/**
 * The home page limited to one unit (/home?unit=…, opened from a league table or its heat map):
 * breadcrumbs up the hierarchy, each opening that unit's overview, and a way back to the league
 * of the units below. Nothing without a unit.
 */
export function UnitDrillBreadcrumb({ path }: { path: Overview['unitPath'] }) {
  const { t, locale } = usePageWords(unitDrillZhCN, unitDrillEnUS)
  if (path.length === 0) return null
  const name = (u: Overview['unitPath'][number]) => unitNameIn(u, locale)
  const current = path[path.length - 1]!
  return (
    <Space
      orientation="vertical"
      size={2}
      style={{ display: 'flex', margin: '4px 0' }}
      data-testid="home-unit-path"
    >
      <Breadcrumb
        aria-label={t('unitDrill.label')}
        items={[
          { title: <Link to="/home">{t('unitDrill.all')}</Link> },
          ...path.map((u, i) => ({
            title:
              i === path.length - 1 ? (
                <span data-testid={`home-unit-current-${u.code}`}>{name(u)}</span>
              ) : (
                <Link to={`/home?unit=${encodeURIComponent(u.id)}`}>{name(u)}</Link>
              ),
          })),
        ]}
      />
      <Typography.Text type="secondary">
        {t('unitDrill.showing')} ·{' '}
        <Link to={`/units/league?parent=${encodeURIComponent(current.id)}`}>
          {t('unitDrill.league')}
        </Link>
      </Typography.Text>
    </Space>
  )
}
