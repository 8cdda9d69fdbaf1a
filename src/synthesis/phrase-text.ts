/**
 * The text a phrase is cached under: Unicode NFC (so "қ" typed two ways is one phrase),
 * spaces collapsed, trimmed. Case and punctuation stay: they change how a phrase is said.
 */
export function normalizePhrase(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/**
 * The pieces economy mode joins: a prompt cut at its punctuation ("Қайырлы кеш, Арман!" →
 * "Қайырлы кеш", "Арман"). The warm-up synthesises the same pieces of the fixed texts and
 * every name, so a greeting never synthesised whole can still be played from them.
 */
export function phrasePieces(text: string): string[] {
  return normalizePhrase(text)
    .split(/\s*[,.!?;:—–…«»"()]+\s*/u)
    .map((p) => p.trim())
    .filter((p) => /[\p{L}\p{N}]/u.test(p));
}
