/** Sign-in secrets are sealed like every other secret Manyi keeps (src/personal-data). */
export { openSecret, sealSecret } from '../../personal-data/sealed-secret.service.js'
