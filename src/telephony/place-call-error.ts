import { AppError } from '../errors/app-error.js';

/**
 * A callback call the provider did not accept (or could not be asked to): rejected
 * credentials, a caller id the account may not use, an unreachable agent, a network
 * failure. The message names the provider and its error; numbers are masked.
 */
export class PlaceCallError extends AppError {}
