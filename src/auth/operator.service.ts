// The auth domain's public face for the instance operator's console (src/server/routes/
// operator.routes.ts): what operator.ts does, as routes may import it
// (.dependency-cruiser.cjs, rule routes-call-services).
export {
  CLI_OPERATOR,
  configureOrganisationAsOperator,
  createOrganisationAsOperator,
  CreateOrganisationSchema,
  listOrganisationsForOperator,
  requireOperator,
  setOrganisationSuspension,
  type OperatorCaller,
} from './operator.js'
export { addMemberAsOperator } from './operator-members.js'
