// Import rules of src/ (issue 12, "House in order"). Checked by `npm run lint:deps`
// (scripts/lint-deps.mjs, which feeds this file to dependency-cruiser's API; see there
// why not the `depcruise` command). Violations that existed when a rule was introduced
// are listed in .dependency-cruiser-known-violations.json: they are reported as known,
// new ones fail. Pay them down and shrink the file with `node scripts/lint-deps.mjs --update-baseline`.
//
// The floors, bottom up: shared → db → domains (analytics is pure computation) →
// demo, jobs → server → cli. Arrows point down only.

/** Code that is not a domain: everything a domain may be imported by or may import freely. */
const NOT_A_DOMAIN = '^src/(shared|db|server|cli|demo)/|^src/[^/]+\\.ts$'
/**
 * Tests and test helpers may cross floors on purpose (an upgrade test builds the app, a security
 * test runs a CLI command); they still count for cycles.
 */
const TEST_CODE = '\\.test\\.ts$|/test-[^/]+\\.ts$|/__fixtures__/'
/** What "touching a domain's tables" means in imports: its table types or its repository. */
const TABLE_OR_REPOSITORY = '\\.(table|repository)\\.ts$'
/**
 * A file of a domain, seen from outside it: src/analytics is pure computation that everyone may
 * use (it imports only src/shared), the others are floors with rules of their own.
 */
const DOMAIN_FILE = '^src/(?!(shared|db|server|cli|demo|analytics)/)[^/]+/'
/** A domain's public face: what it does (its services) and its browser-safe contracts. */
const PUBLIC_FACE = '\\.(service|schema)\\.ts$'
/** Type-only imports, which scripts/lint-deps.mjs marks as this dependency type. */
const TYPE_ONLY = 'exotic-require'

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'An import cycle (type-only imports included) makes load order matter and floors meaningless.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'analytics-is-pure',
      severity: 'error',
      comment: 'src/analytics is computation on numbers: it imports only itself and src/shared.',
      from: { path: '^src/analytics/' },
      to: { path: '^src/', pathNot: '^src/(analytics|shared)/' },
    },
    {
      name: 'migrations-import-nothing-live',
      severity: 'error',
      comment:
        'A released migration must produce the same SQL forever: it imports nothing from src/ but other migration helpers (inline constants).',
      from: { path: '^src/db/migrations/' },
      to: { path: '^src/', pathNot: '^src/db/migrations/' },
    },
    {
      name: 'db-imports-no-domain',
      severity: 'error',
      comment:
        'src/db is the floor below the domains: it may assemble the table types of the Database interface, nothing else of a domain.',
      from: { path: '^src/db/', pathNot: TEST_CODE },
      to: { path: '^src/', pathNot: `^src/(db|shared)/|^src/config\\.ts$|${TABLE_OR_REPOSITORY}` },
    },
    {
      name: 'db-imports-tables-as-types-only',
      severity: 'error',
      comment: "src/db may name the domains' table types, never load a domain module at run time.",
      from: { path: '^src/db/' },
      to: { path: `^src/(?!db/|shared/).*${TABLE_OR_REPOSITORY}`, dependencyTypesNot: [TYPE_ONLY] },
    },
    {
      name: 'server-not-from-cli',
      severity: 'error',
      comment:
        'The command line is the top floor: it starts the server, the server never reaches up into src/cli.',
      from: { path: '^src/server/', pathNot: TEST_CODE },
      to: { path: '^src/cli/' },
    },
    {
      name: 'domains-not-from-above',
      severity: 'error',
      comment:
        'Domains and src/db never import the server, the command line or the demo loader above them.',
      from: { path: '^src/', pathNot: `^src/(server|cli|demo)/|^src/[^/]+\\.ts$|${TEST_CODE}` },
      to: { path: '^src/(server|cli|demo)/' },
    },
    {
      name: 'routes-call-services',
      severity: 'error',
      // Imports cannot see queries made through the shared Database type; scripts/lint-tables.mjs
      // (run by `npm run lint:deps` too) checks the queries themselves.
      comment:
        'Routes call services and use schemas: from a domain they import only its *.service.ts and *.schema.ts (types of any other file of it too, never of its tables or repositories).',
      from: { path: '^src/server/routes/', pathNot: TEST_CODE },
      to: { path: DOMAIN_FILE, pathNot: PUBLIC_FACE, dependencyTypesNot: [TYPE_ONLY] },
    },
    {
      name: 'routes-not-into-tables',
      severity: 'error',
      comment: 'Routes never name a table or repository, not even its types.',
      from: { path: '^src/server/routes/', pathNot: TEST_CODE },
      to: { path: TABLE_OR_REPOSITORY },
    },
    {
      name: 'domain-through-service',
      severity: 'error',
      // Only imports are seen here; a query naming another domain's table through db/database.ts's
      // Database type is caught by scripts/lint-tables.mjs (only the owner's repositories may).
      //
      // Decided: a type-only import of another domain's non-table file is allowed (a type carries
      // no code and no state: naming `CaseRules` or `AnswerValue` couples no behaviour), so a
      // domain need not re-export every type through its service. Table row types and
      // repositories stay forbidden even as types (rule domain-not-into-tables below).
      comment:
        "A domain reaches another only through its public face: that domain's *.service.ts (what it does) and its browser-safe *.schema.ts contracts. Anything else of another domain is its inside.",
      from: { path: '^src/([^/]+)/', pathNot: `${NOT_A_DOMAIN}|${TEST_CODE}` },
      to: {
        path: DOMAIN_FILE,
        pathNot: `^src/$1/|${PUBLIC_FACE}`,
        dependencyTypesNot: [TYPE_ONLY],
      },
    },
    {
      name: 'domain-not-into-tables',
      severity: 'error',
      comment:
        "Importing another domain's table types or repository, even type-only, is reaching into its tables.",
      from: { path: '^src/([^/]+)/', pathNot: `${NOT_A_DOMAIN}|${TEST_CODE}` },
      to: { path: `^src/[^/]+/.*${TABLE_OR_REPOSITORY}`, pathNot: '^src/$1/' },
    },
  ],
  options: {
    // Read by dependency-cruiser when run with a TypeScript < 7 compiler; scripts/lint-deps.mjs
    // strips types itself and drops these (see there).
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    includeOnly: '^src/',
    doNotFollow: { path: 'node_modules' },
    moduleSystems: ['es6', 'cjs'],
  },
}
