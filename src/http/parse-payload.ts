import type { z } from 'zod';
import { WebhookPayloadError } from '../errors/webhook-payload-error.js';

/**
 * Validates a webhook payload at the adapter boundary. A mismatch becomes a
 * WebhookPayloadError naming every offending field, answered 400 by the error handler.
 */
export function parsePayload<S extends z.ZodType>(
  provider: string,
  schema: S,
  data: unknown,
): z.infer<S> {
  const result = schema.safeParse(data ?? {});
  if (result.success) return result.data;
  const fields = [...new Set(result.error.issues.map((i) => i.path.join('.') || '(body)'))];
  const detail = result.error.issues
    .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
    .join('; ');
  throw new WebhookPayloadError(`Invalid ${provider} payload: ${detail}`, fields);
}
