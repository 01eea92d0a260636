/** API token lifetimes, in days. A module of their own so the CLI's help can name them without loading the token service. */
export const TOKEN_DEFAULT_DAYS = 90
export const TOKEN_MAX_DAYS = 365
