import { requirePermission } from '../auth/permission.service.js'
import type { Scope } from '../db/scope.js'
import { NotFoundError } from '../shared/errors.js'
import { createSignedLinkToken } from '../surveys/signed-link.service.js'
import { getSurvey } from '../surveys/survey.service.js'
import { unitQrSheetPdf } from './unit-qr-sheet.js'
import type { UnitLink, UnitLinks } from './unit.schema.js'
import { listUnits, subtreeOf } from './unit.service.js'
import { visibleUnits } from './unit-scope.service.js'

/**
 * Per-unit links of a survey for a whole subtree at once: each open unit's link carries the unit
 * (`?unit=CODE`, or inside the signed token `?t=…` when the survey takes `unit` only signed), and
 * answers through it count under the qr channel. The answer path turns the unit into the
 * response's unit.
 */
export async function unitLinks(
  scope: Scope,
  surveyId: string,
  options: { rootUnitId?: string | undefined; surveyUrl: (slug: string) => string },
): Promise<UnitLinks> {
  requirePermission(scope.actor, 'units:write')
  const survey = await getSurvey(scope, surveyId)
  // A member limited to units prints only their own subtrees: other units' names and links are
  // not theirs (an id outside them is UNIT_NOT_FOUND, as an unknown one).
  const units = visibleUnits(scope, await listUnits(scope)).filter((u) => u.closedAt === null)
  const byId = new Map(units.map((u) => [u.id, u]))
  const children = new Map<string | null, string[]>()
  for (const unit of units) {
    const parent = unit.parentId && byId.has(unit.parentId) ? unit.parentId : null
    const list = children.get(parent)
    if (list) list.push(unit.id)
    else children.set(parent, [unit.id])
  }
  if (options.rootUnitId !== undefined && !byId.has(options.rootUnitId)) {
    throw new NotFoundError('UNIT_NOT_FOUND', `No open unit ${options.rootUnitId}.`, [], {
      id: options.rootUnitId,
    })
  }
  // Depth first, each unit before those below it, siblings by code.
  const ordered: Array<{ id: string; depth: number }> = []
  const visit = (id: string, depth: number) => {
    ordered.push({ id, depth })
    for (const child of children.get(id) ?? []) visit(child, depth + 1)
  }
  const roots = options.rootUnitId ? [options.rootUnitId] : (children.get(null) ?? [])
  for (const root of roots) visit(root, 0)
  const wanted = new Set(subtreeOf(children, roots))
  const signed = survey.settings.signedFields.includes('unit')
  const base = options.surveyUrl(survey.slug)
  const links: UnitLink[] = []
  for (const { id, depth } of ordered) {
    const unit = byId.get(id)
    if (!unit || !wanted.has(id)) continue
    let url: string
    if (signed) {
      const { token } = await createSignedLinkToken(scope, surveyId, {
        fields: { unit: unit.code },
      })
      url = `${base}?t=${token}&channel=qr`
    } else {
      url = `${base}?unit=${encodeURIComponent(unit.code)}&channel=qr`
    }
    links.push({
      unitId: unit.id,
      code: unit.code,
      nameZh: unit.nameZh,
      nameEn: unit.nameEn,
      type: unit.type,
      depth,
      url,
    })
  }
  return {
    surveyId: survey.id,
    surveyTitle: survey.title['zh-CN'],
    signed,
    links,
  }
}

/** The printable A4 sheets (PDF), one page per unit of the subtree. */
export async function unitQrSheet(
  scope: Scope,
  surveyId: string,
  options: { rootUnitId?: string | undefined; surveyUrl: (slug: string) => string },
): Promise<{ pdf: Buffer; pages: number; fileName: string }> {
  const { surveyTitle, links } = await unitLinks(scope, surveyId, options)
  const pdf = await unitQrSheetPdf(surveyTitle, links)
  const root = options.rootUnitId ? links[0]?.code : 'all'
  return { pdf, pages: links.length, fileName: `unit-qr-${root ?? 'all'}.pdf` }
}
