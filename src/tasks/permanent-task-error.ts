import { AppError } from '../errors/app-error.js';

/**
 * A task that cannot succeed however often it is retried (no customer phone, a template
 * that does not render): the scheduler marks it `failed` at once instead of retrying.
 */
export class PermanentTaskError extends AppError {}
