import { AppError } from './app-error.js';

/** A webhook payload that does not match the provider's documented shape: answered 400. */
export class WebhookPayloadError extends AppError {
  /** Dotted paths of the offending fields, e.g. `CallSid`, `dtmf.digits`. */
  readonly fields: string[];

  constructor(message: string, fields: string[]) {
    super(message, { hint: 'Check the payload against the provider docs.', context: { fields } });
    this.fields = fields;
  }
}
