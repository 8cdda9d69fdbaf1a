/**
 * Masks personal data for logs: keeps enough to correlate, not enough to identify.
 *
 * @example maskPhone('+77071234567') // '+7707*****67'
 */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return '-';
  const keepStart = phone.startsWith('+') ? 5 : 4;
  if (phone.length <= keepStart + 2) return '*'.repeat(phone.length);
  return phone.slice(0, keepStart) + '*'.repeat(phone.length - keepStart - 2) + phone.slice(-2);
}

/** @example maskName('Әсел') // 'Ә***' */
export function maskName(name: string | null | undefined): string {
  if (!name) return '-';
  const first = Array.from(name)[0] ?? '';
  return `${first}***`;
}
