/** One provider setting: its value now and the value it has (or would have) afterwards. */
export interface FieldChange {
  /** The provider's own name for the setting, as in its API and docs (e.g. `VoiceUrl`). */
  field: string;
  before: string | null;
  after: string | null;
}

/** What happened to the settings: shown as the report's last line. */
export type ChangeMode = 'dry-run' | 'applied' | 'unchanged';

const NOT_SET = '(not set)';

const show = (v: string | null): string => (v === null || v === '' ? NOT_SET : v);

/**
 * Renders a before → after table of provider settings, one row per setting, with a `*` in
 * front of the rows that differ, so a dry run shows exactly what the real run would write and
 * a real run shows what it wrote. Unchanged rows are listed too: seeing that a method was
 * already POST is as useful when debugging a number as seeing that it changed.
 *
 * @example
 * formatChanges('Twilio number +15005550006', [{ field: 'VoiceMethod', before: 'GET', after: 'POST' }], 'dry-run')
 * // Twilio number +15005550006
 * //   setting      before     after
 * // * VoiceMethod  GET     →  POST
 * // Dry run: 1 of 1 settings would change. Nothing was changed.
 */
export function formatChanges(subject: string, changes: FieldChange[], mode: ChangeMode): string {
  const changed = changes.filter((c) => show(c.before) !== show(c.after));
  const fieldWidth = Math.max(...changes.map((c) => c.field.length), 'setting'.length);
  const beforeWidth = Math.max(...changes.map((c) => show(c.before).length), 'before'.length);
  const header = `  ${'setting'.padEnd(fieldWidth)}  ${'before'.padEnd(beforeWidth)}     after`;
  const rows = changes.map((c) => {
    const differs = show(c.before) !== show(c.after);
    const head = `${differs ? '*' : ' '} ${c.field.padEnd(fieldWidth)}  ${show(c.before).padEnd(beforeWidth)}`;
    return differs ? `${head}  →  ${show(c.after)}` : `${head}     (unchanged)`;
  });
  const total = changes.length;
  const summary =
    mode === 'dry-run'
      ? `Dry run: ${changed.length} of ${total} settings would change. Nothing was changed.`
      : mode === 'applied'
        ? `Done: ${changed.length} of ${total} settings changed.`
        : `Nothing to change: all ${total} settings are already set.`;
  return [subject, header, ...rows, summary].join('\n') + '\n';
}
