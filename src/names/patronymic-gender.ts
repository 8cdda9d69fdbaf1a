/**
 * The gender a patronymic states, or null when it states none. Patronymics are the one
 * CRM field whose ending says the gender outright, in every naming tradition callers have:
 *
 * - Russian and Ukrainian: Петрович, Ильич, Ілліч / Петровна, Ильинична, Петрівна;
 * - Azerbaijani and Turkic in Russian spelling: Мамед оглы / Али кызы (гызы);
 * - Kazakh, Kyrgyz: Қайратұлы, Кайратулы, Асанбек уулу / Қайратқызы, Кайраткызы.
 *
 * Only the end of the text is read, so "Мамед оглы" and "Мамедоглы" say the same.
 */
export function patronymicGender(patronymic: string | null): 'male' | 'female' | null {
  const word = patronymic?.trim().toLowerCase() ?? '';
  if (/([иі]ч|ог[лғ]ы|[уұ]лы|уулу)$/u.test(word)) return 'male';
  if (/(вна|чна|шна|[кқг]ызы)$/u.test(word)) return 'female';
  return null;
}
