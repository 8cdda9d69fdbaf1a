import { AppError } from './app-error.js';

/** Bad or missing configuration, found at start: the process refuses to run. */
export class ConfigError extends AppError {}
