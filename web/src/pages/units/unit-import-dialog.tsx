import { RowImportDialog } from '../../components/row-import-dialog'
import { useUnitWords } from './unit-words'
import { importUnits } from './units-api'

/** Import units from a CSV or Excel file, all-or-nothing or skipping invalid rows; a report per row. */
export function UnitImportDialog(props: {
  onClose: () => void
  onImported: () => Promise<unknown>
}) {
  return (
    <RowImportDialog
      kind="units"
      testId="unit"
      words={useUnitWords()}
      importFile={importUnits}
      {...props}
    />
  )
}
