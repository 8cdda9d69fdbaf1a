import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Language } from '../../src/flow/language.js';

/**
 * The benchmark's CRM: `count` customers generated from their index, so every run and every
 * machine has the same data and the load can pick any customer by number. Each has a known
 * language and no open items, so an incoming call goes greeting → menu; the menu's key 2
 * transfers to support.
 */

const FIRST = ['Айгүл', 'Дәулет', 'Ирина', 'Қанат', 'Олена', 'Sergey', 'Нұрлан', 'Өмірзақ'];
const LAST = ['Сейітқали', 'Иванова', 'Шевченко', 'Жақыпов', 'Smith', 'Құрманғали'];
const LANGS: Language[] = ['ru', 'kk', 'en', 'uk'];
const ZONES = ['Asia/Almaty', 'Asia/Aqtobe', 'Europe/Moscow', 'Europe/Kyiv', 'Asia/Oral'];

/** The customer's number as E.164: Kazakh mobiles +7 701 000 00 00 onwards. */
export function customerPhone(i: number): string {
  return `+7701${String(i).padStart(7, '0')}`;
}

/** Customer `i` as the CRM file writes it (its number in a human format). */
export function benchCustomer(i: number) {
  const e164 = customerPhone(i);
  return {
    id: `c${String(i).padStart(7, '0')}`,
    firstName: FIRST[i % FIRST.length]!,
    lastName: LAST[i % LAST.length]!,
    language: LANGS[i % LANGS.length]!,
    timeZone: ZONES[i % ZONES.length]!,
    segment: 'regular',
    phones: [`+7 ${e164.slice(2, 5)} ${e164.slice(5, 8)} ${e164.slice(8, 10)} ${e164.slice(10)}`],
  };
}

/**
 * Writes the CRM file of `count` customers to `path`, streamed (a million customers are
 * about 200 MB of JSON): `json` is the documented file, `jsonl` one `{"customer": …}` per
 * line after a `{"version": 1}` line (docs/crm-file.md).
 */
export async function writeBenchCrmFile(
  path: string,
  count: number,
  format: 'json' | 'jsonl',
): Promise<void> {
  const out = createWriteStream(path);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const chunk: string[] = [];
  const flush = async () => {
    if (chunk.length > 0) await write(chunk.join(''));
    chunk.length = 0;
  };
  if (format === 'json') await write('{"version":1,"customers":[\n');
  else await write('{"version":1}\n');
  for (let i = 0; i < count; i += 1) {
    const json = JSON.stringify(benchCustomer(i));
    if (format === 'json') chunk.push(i === 0 ? json : `,\n${json}`);
    else chunk.push(`{"customer":${json}}\n`);
    if (chunk.length >= 1000) await flush();
  }
  await flush();
  if (format === 'json') await write('\n]}\n');
  out.end();
  await once(out, 'finish');
}
