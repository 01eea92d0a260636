/**
 * A unit's name in the reader's language: in English (en-US) by its English name where it has
 * one, else by its Chinese name, which every unit has. The one place the web app picks a unit's
 * name, so no page shows Chinese unit names on an English page (issue 16).
 */
export function unitNameIn(
  unit: { readonly nameZh: string; readonly nameEn?: string | null },
  locale: string,
): string {
  return locale === 'en-US' && unit.nameEn ? unit.nameEn : unit.nameZh
}
