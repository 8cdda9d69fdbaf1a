import { AppError } from '../errors/app-error.js';

/**
 * A provisioning run that cannot go on: bad usage, missing or rejected credentials, a number
 * or application that is not in the account, a PUBLIC_URL the provider cannot reach. The CLI
 * prints `message` and `hint` and exits 1, without a stack trace: these are operator
 * mistakes, not bugs. Messages name variables, never their secret values.
 */
export class ProvisionError extends AppError {}
