import type { CallbackCalls } from '../calls/callback-calls.js';
import { AppError } from '../errors/app-error.js';
import type { ProviderDeps } from './provider-deps.js';

/**
 * The callback handler, or an error the central handler answers (the agent hears the
 * apology and is put through to the operator): callbacks only exist where the app was
 * composed with a call log and tasks.
 */
export function requireCallbacks(deps: ProviderDeps): CallbackCalls {
  if (deps.callbacks) return deps.callbacks;
  throw new AppError('Callback webhook received, but this server places no callbacks');
}
