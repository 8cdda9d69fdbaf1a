import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares two secrets in time that does not depend on where they differ, nor on the
 * length of the guess: both sides are hashed to 32 bytes first, because timingSafeEqual
 * throws on (and so reveals) different lengths.
 */
export function constantTimeEqual(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}
