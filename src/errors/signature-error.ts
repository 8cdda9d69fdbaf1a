import { AppError } from './app-error.js';

/** A webhook whose provider signature is missing, wrong or stale: answered 403. */
export class SignatureError extends AppError {}
