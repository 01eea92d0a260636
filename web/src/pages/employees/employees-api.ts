import type {
  Employee,
  EmployeeImportMode,
  EmployeeImportReport,
  EmployeeStatus,
} from '../../../../src/employees/employee.schema'
import type { EmployeeScorecard } from '../../../../src/employees/employee-scorecard.schema'
import { api } from '../../api/client'

/** The employees API (src/server/routes/employees.routes.ts). */

export type { Employee, EmployeeImportReport, EmployeeScorecard, EmployeeStatus }

export const fetchEmployees = () =>
  api<{ employees: Employee[] }>('GET', '/employees').then((r) => r.employees)

export interface EmployeeInput {
  name?: string
  unitId?: string | null
  position?: string | null
  status?: EmployeeStatus
}

export const createEmployee = (input: EmployeeInput & { code: string; name: string }) =>
  api<Employee>('POST', '/employees', input)
export const updateEmployee = (id: string, input: EmployeeInput) =>
  api<Employee>('PATCH', `/employees/${id}`, input)
export const importEmployees = (
  file: { name: string; contentBase64: string },
  mode: EmployeeImportMode,
) => api<EmployeeImportReport>('POST', '/employees/import', { file, mode })

/** The signed-in member's own scorecard (EMPLOYEE_NOT_FOUND when they are no employee). */
export const fetchMyScorecard = () => api<EmployeeScorecard>('GET', '/me/scorecard?minN=5')

/** An employee's scorecard for a reader of employees (EMPLOYEE_NOT_FOUND outside their units). */
export const fetchEmployeeScorecard = (id: string) =>
  api<EmployeeScorecard>('GET', `/employees/${encodeURIComponent(id)}/scorecard?minN=5`)
