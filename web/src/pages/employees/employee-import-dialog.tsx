import { RowImportDialog } from '../../components/row-import-dialog'
import { useEmployeeWords } from './employee-words'
import { importEmployees } from './employees-api'

/** Import employees from a CSV or Excel file, all-or-nothing or skipping invalid rows; a report per row. */
export function EmployeeImportDialog(props: {
  onClose: () => void
  onImported: () => Promise<unknown>
}) {
  return (
    <RowImportDialog
      kind="employees"
      testId="employee"
      words={useEmployeeWords()}
      importFile={importEmployees}
      {...props}
    />
  )
}
