import type { Dispatcher } from 'undici';
import { CrmRequestError } from './crm-connector.js';

/** A CRM answer larger than this is refused: no customer record is anywhere near it. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

/**
 * The JSON body of an undici response, read whole (a connection reset mid-body rejects),
 * refused past MAX_BODY_BYTES and when it is not JSON. Reasons land in CrmRequestError.
 */
export async function readJson(
  body: Dispatcher.ResponseData['body'],
  what: string,
): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      const buf = chunk as Buffer;
      size += buf.length;
      if (size > MAX_BODY_BYTES) {
        body.destroy();
        throw new CrmRequestError(`${what}: body larger than ${MAX_BODY_BYTES} bytes`, 'schema');
      }
      chunks.push(buf);
    }
  } catch (err) {
    if (err instanceof CrmRequestError) throw err;
    throw networkError(err, what);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new CrmRequestError(`${what}: body is not JSON`, 'schema');
  }
}

/** Drops a body we do not read, so the keep-alive connection is free for the next request. */
export async function dropBody(body: Dispatcher.ResponseData['body']): Promise<void> {
  try {
    await body.dump();
  } catch {
    // A broken body only costs that connection.
  }
}

/** A request that did not get an answer: aborted by the budget, refused, reset. */
export function networkError(err: unknown, what: string): CrmRequestError {
  if (err instanceof CrmRequestError) return err;
  const e = err as { name?: string; code?: string; message?: string };
  if (e.name === 'AbortError' || e.name === 'TimeoutError' || e.code === 'UND_ERR_ABORTED') {
    return new CrmRequestError(`${what}: no answer within the time budget`, 'timeout');
  }
  return new CrmRequestError(
    `${what}: ${e.code ?? e.name ?? 'error'} ${e.message ?? ''}`.trim(),
    'network',
  );
}
