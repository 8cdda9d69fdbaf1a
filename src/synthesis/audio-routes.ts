import { Router } from 'express';
import { PHRASE_KEY, type PhraseCache } from './phrase-cache.js';

/**
 * GET /audio/<key>.wav: a synthesised phrase, for Twilio `<Play>` and Vonage `stream`.
 * The key is an HMAC nobody can work out from the text, so the URL is the only way in;
 * a file never changes under its key, so the providers may cache it for a year.
 */
export function audioRoutes(cache: PhraseCache): Router {
  const router = Router();
  router.get('/audio/:file', async (req, res) => {
    const match = /^([0-9a-f]{64})\.wav$/.exec(req.params.file);
    const key = match?.[1];
    const wav = key && PHRASE_KEY.test(key) ? await cache.read(key) : null;
    if (!key || !wav) {
      res.status(404).type('text/plain').send('not found');
      return;
    }
    const etag = `"${key.slice(0, 32)}"`;
    res.set({
      'Cache-Control': 'public, max-age=31536000, immutable',
      ETag: etag,
      'X-Content-Type-Options': 'nosniff',
    });
    if (req.headers['if-none-match'] === etag) {
      res.status(304).end();
      return;
    }
    res.type('audio/wav').send(wav);
  });
  return router;
}
