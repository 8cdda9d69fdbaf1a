import { AppError } from './app-error.js';

/** The CRM did not answer within CRM_TIMEOUT_MS; the flow falls back to the classic menu. */
export class CrmTimeoutError extends AppError {}
