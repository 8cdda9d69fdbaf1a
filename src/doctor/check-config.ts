import type { Config } from '../config/config.js';
import { AppError } from '../errors/app-error.js';
import { fail, ok, type CheckResult } from './check-result.js';

const LABEL = 'configuration';

/**
 * Loads the configuration the way the server does. Nothing else can be checked without it,
 * so a failure carries ConfigError's message (every bad variable) and stops the doctor.
 */
export function checkConfig(load: () => Config): { result: CheckResult; config: Config | null } {
  try {
    const config = load();
    return {
      result: ok(
        LABEL,
        `NODE_ENV=${config.env}, PORT=${config.port}, PUBLIC_URL=${config.publicUrl}`,
      ),
      config,
    };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const hint = err instanceof AppError && err.hint ? err.hint : 'Fix .env (see .env.example).';
    return { result: fail(LABEL, message, hint), config: null };
  }
}
