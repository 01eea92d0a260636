// The auth domain's public face for permission checks: other domains and the routes import
// these from here (.dependency-cruiser.cjs, rule domain-through-service); roles.ts, the
// permission table itself, stays inside the domain.
export { can, permissionsOf, requirePermission, type Permission } from './roles.js'
