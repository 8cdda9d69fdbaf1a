import type { RequestHandler } from 'express';

/**
 * Twilio and Vonage send UTF-8 bodies without any Content-Encoding. Anything else is refused
 * before it is read (415): it cannot be a provider's request, and a decoder guessing at
 * UTF-16 or a compressed body only produces text nobody signed.
 */
export function webhookBodyEncoding(): RequestHandler {
  return (req, res, next) => {
    const encoding = (req.header('Content-Encoding') ?? 'identity').trim().toLowerCase();
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.header('Content-Type') ?? '')?.[1];
    const utf8 = charset === undefined || /^utf-?8$/i.test(charset);
    if (encoding === 'identity' && utf8) return next();
    res.status(415).json({
      error:
        encoding !== 'identity'
          ? `Unsupported Content-Encoding: send the body uncompressed`
          : `Unsupported charset: send the body as UTF-8`,
    });
  };
}
