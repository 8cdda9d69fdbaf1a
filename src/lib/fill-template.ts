/**
 * Fills `{name}` placeholders. Unknown placeholders are left as they are so a typo in a
 * settings file is audible in testing rather than silently dropped.
 *
 * @example fillTemplate('{partOfDay}, {name}!', { partOfDay: 'Добрый день', name: 'Арман' })
 */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}
