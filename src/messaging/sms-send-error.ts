import { AppError } from '../errors/app-error.js';

/**
 * A text message the provider did not accept (or could not be asked to): rejected
 * credentials, an invalid number or sender, an exhausted balance, a network failure. The
 * message names the provider, its error code and text; `context` carries them for logs,
 * with the recipient masked.
 */
export class SmsSendError extends AppError {}
