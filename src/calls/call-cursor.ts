import { z } from 'zod';

/** Where a page of calls ended: the last call shown, in the list's order. */
export interface CallCursor {
  startedAt: string;
  callId: string;
}

const cursorSchema = z.strictObject({ s: z.string().min(1), id: z.string().min(1) });

/**
 * The opaque `nextCursor` of the calls list: base64url JSON of the last call's
 * (started_at, call_id). Opaque so clients pass it back as is and the format may change.
 */
export function encodeCallCursor(cursor: CallCursor): string {
  return Buffer.from(JSON.stringify({ s: cursor.startedAt, id: cursor.callId })).toString(
    'base64url',
  );
}

/** The position a cursor names, or null when it is not one this server wrote. */
export function decodeCallCursor(text: string): CallCursor | null {
  // Node decodes base64url leniently (skips foreign characters): check the alphabet first.
  if (text.length === 0 || text.length > 1000 || !/^[A-Za-z0-9_-]+$/.test(text)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const parsed = cursorSchema.safeParse(json);
  return parsed.success ? { startedAt: parsed.data.s, callId: parsed.data.id } : null;
}
