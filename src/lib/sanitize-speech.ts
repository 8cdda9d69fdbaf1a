/**
 * Makes untrusted text (CRM names, settings) safe to hand to a TTS renderer.
 * twilio's XML builder throws on control characters and lone surrogates, and XML cannot
 * carry them at all, so they are removed; whitespace (tabs, newlines) becomes one space.
 *
 * @example sanitizeSpeech('Ә\u0000сел\uD800') // 'Әсел'
 */
export function sanitizeSpeech(text: string): string {
  return (
    text
      .replace(/\s+/gu, ' ')
      // Cc: C0/C1 controls. Cs: with the u flag only unpaired surrogates match.
      // U+FFFE/U+FFFF are not characters and are invalid in XML.
      .replace(/[\p{Cc}\p{Cs}\uFFFE\uFFFF]/gu, '')
      .trim()
  );
}
