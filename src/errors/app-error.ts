/**
 * Base of the few named errors. `hint` tells an operator what to do; `context` carries
 * details for logs (never personal data in clear).
 */
export class AppError extends Error {
  readonly hint: string | undefined;
  readonly context: Record<string, unknown>;

  constructor(message: string, opts: { hint?: string; context?: Record<string, unknown> } = {}) {
    super(message);
    this.name = new.target.name;
    this.hint = opts.hint;
    this.context = opts.context ?? {};
  }
}
