/**
 * Makes untrusted text (CRM names, settings, what a caller said) safe to hand to a TTS
 * renderer. twilio's XML builder throws on control characters and lone surrogates, and XML
 * cannot carry them at all, so they are removed, not replaced: U+FFFD (what a decoder or
 * SQLite leaves for a lone surrogate) is removed too, since it would be read out as a symbol.
 * Whitespace (tabs, newlines) becomes one space.
 *
 * @example sanitizeSpeech('Ә\u0000сел\uD800') // 'Әсел'
 */
export function sanitizeSpeech(text: string): string {
  return (
    text
      // Cc: C0/C1 controls. Cs: with the u flag only unpaired surrogates match.
      // U+FFFE/U+FFFF are not characters and are invalid in XML.
      .replace(/[\p{Cc}\p{Cs}\uFFFD\uFFFE\uFFFF]/gu, (c) => (/\s/u.test(c) ? ' ' : ''))
      .replace(/\s+/gu, ' ')
      .trim()
  );
}

/**
 * Plain text for a Vonage `talk`: Vonage reads `text` as SSML when it holds markup, so text
 * from a CRM or a caller could pause, mute or re-voice the call. Tags are removed with their
 * content between the brackets, then any `<` or `>` left over; `&` stays (plain text has no
 * entities). Our own pauses are SSML written by the renderer, never passed through here.
 *
 * @example plainTalkText('Әсел <break time="9s"/>&') // 'Әсел &'
 */
export function plainTalkText(text: string): string {
  return sanitizeSpeech(text.replace(/<[^<>]*>/g, ' ').replace(/[<>]/g, ' '));
}
