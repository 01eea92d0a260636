/**
 * What each permission allows, in English: shown by the roles page and the role editor only, so these
 * words load with those pages rather than with the login page (its JavaScript budget, e2e/users.spec.ts).
 */
export const permissionWordsEnUS: Record<string, string> = {
  'perm.surveys:read': 'See surveys',
  'perm.surveys:write': 'Create and edit surveys, import answers',
  'perm.responses:read': 'See answers and statistics',
  'perm.analyses:run': 'Run statistical analyses',
  'perm.contacts:write': 'Import contact lists',
  'perm.distributions:read': 'See distributions',
  'perm.distributions:write': 'Create and send distributions',
  'perm.feedback:write': 'Enter and import feedback',
  'perm.cases:read': 'See cases and feedback',
  'perm.cases:work': 'Work cases',
  'perm.cases:supervise': 'Approve compensations, act on many cases, watch the SLA board',
  'perm.cases:configure': 'Configure case rules and text analysis',
  'perm.personal-data:read': 'See personal data unmasked',
  'perm.personal-data:reveal': 'Reveal personal data on a case in hand (with a reason)',
  'perm.personal-data:export': 'Export data with personal fields',
  'perm.demo:load': 'Load demo data',
  'perm.organisation:write': 'Change the organisation’s name, time zone and branding',
  'perm.tokens:write': 'See the organisation’s signing secret',
  'perm.tokens:own': 'Create and revoke one’s own API tokens',
  'perm.tokens:read': 'See one’s own API tokens',
  'perm.tokens:read-all': 'See every API token of the organisation',
  'perm.tokens:manage': 'Revoke any API token of the organisation',
  'perm.users:read': 'See users',
  'perm.units:read': 'See the unit tree',
  'perm.units:write': 'Manage units and which units users belong to',
  'perm.targets:write': 'Set, cascade and delete targets of their units and those below',
  'perm.plans:write':
    'Create action plans from findings, move them through PDCA, assign tasks, make them the standard',
  'perm.plans:work': 'Take part in action plans: finish their own tasks, comment',
  'perm.alerts:write':
    'Set alert rules on their units’ metrics: what is watched, thresholds, rate limits',
  'perm.users:write': 'Add and manage users',
  'perm.roles:manage': 'Manage custom roles, grant any role',
  'perm.security:manage': 'Manage sign-in policies (two-factor, session limits, single sign-on)',
  'perm.sessions:manage': 'End other people’s sessions',
  'perm.audit:read': 'Read the audit log',
  'perm.audit:export': 'Export the audit log',
}
