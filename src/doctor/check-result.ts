/** How a check went: fine, worth a look, or broken (the doctor then exits 1). */
export type CheckStatus = 'ok' | 'warn' | 'fail';

/** The outcome of one doctor check, printed as one line. */
export interface CheckResult {
  status: CheckStatus;
  /** What was checked: `PUBLIC_URL reachable`, `TWILIO_AUTH_TOKEN`, … */
  label: string;
  /** What was found: latency, the HTTP status, the error. */
  detail?: string;
  /** What to do about it (warnings and failures). */
  fix?: string;
}

export const ok = (label: string, detail?: string): CheckResult => ({
  status: 'ok',
  label,
  ...(detail ? { detail } : {}),
});

export const warn = (label: string, detail: string, fix?: string): CheckResult => ({
  status: 'warn',
  label,
  detail,
  ...(fix ? { fix } : {}),
});

export const fail = (label: string, detail: string, fix: string): CheckResult => ({
  status: 'fail',
  label,
  detail,
  fix,
});

/**
 * A check that could not run because an earlier one failed or is not configured. A warning,
 * not a failure: the cause is already reported, and "ok" would claim something unverified.
 */
export const notChecked = (label: string, reason: string): CheckResult =>
  warn(label, `not checked: ${reason}`);
