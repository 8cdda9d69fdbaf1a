/**
 * The GSM 03.38 default alphabet (ESC excluded) and its extension table (each extension
 * character costs two septets but needs no Unicode).
 */
const GSM7 = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
    '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà' +
    '\f^{}\\[~]|€',
);

/**
 * Whether `text` can go as a plain GSM-7 SMS. Anything else (Cyrillic, Kazakh letters such
 * as ә or ң, emoji) must be sent as Unicode (UCS-2), or the carrier replaces it with `?`.
 * Worth asking because a GSM-7 segment holds 160 characters and a Unicode one only 70.
 */
export function fitsGsm7(text: string): boolean {
  for (const ch of text) if (!GSM7.has(ch)) return false;
  return true;
}
