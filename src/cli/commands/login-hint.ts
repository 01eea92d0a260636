// The hint is printed by the server's start-up too, so it lives in src/server (the command line
// depends on the server, never the reverse); kept here for the commands that import it.
export { printLoginHint } from '../../server/login-hint.js'
