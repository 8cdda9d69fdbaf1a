import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportCrmFile } from '../../src/crm/export-crm-file.js';
import { importCrmFile } from '../../src/crm/import-crm-file.js';
import { importCrmFileStream } from '../../src/crm/stream-import-crm-file.js';
import { CrmImportError } from '../../src/errors/crm-import-error.js';
import { tempCrms, tempDir } from './temp-crm.js';

const crms = tempCrms();
afterEach(() => crms.closeAll());

const FIXTURE = new URL('../fixtures/crm/customers.json', import.meta.url);
const NOW = new Date('2026-11-20T12:00:00+05:00');
const opts = { defaultRegion: 'KZ' as const, now: NOW };

type Json = Record<string, unknown>;

/** The same records as JSON Lines: the version, then one record a line. */
function asJsonLines(file: Json): string {
  const lines: unknown[] = [{ version: file.version }];
  for (const c of file.customers as unknown[]) lines.push({ customer: c });
  const singular: Record<string, string> = {
    contracts: 'contract',
    outages: 'outage',
    employees: 'employee',
    events: 'event',
  };
  for (const [section, one] of Object.entries(singular)) {
    for (const r of (file[section] as unknown[] | undefined) ?? []) lines.push({ [one]: r });
  }
  return lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
}

function write(name: string, text: string): string {
  const path = join(tempDir(), name);
  writeFileSync(path, text);
  return path;
}

async function streamError(path: string): Promise<CrmImportError> {
  const { db } = await crms.open();
  const error: unknown = await importCrmFileStream(db, path, opts).then(
    () => null,
    (err: unknown) => err,
  );
  if (!(error instanceof CrmImportError))
    throw new Error(`expected CrmImportError: ${String(error)}`);
  // Nothing was written.
  expect((await exportCrmFile(db)).customers).toEqual([]);
  return error;
}

const customer = (id: string, phones: string[], over: Json = {}) => ({
  id,
  firstName: 'Әсел',
  phones,
  ...over,
});

describe('importCrmFileStream', () => {
  const file = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Json;

  it.each(['json', 'jsonl'])(
    'a %s file gives exactly what the in-memory import gives',
    async (format) => {
      const expected = await crms.open();
      const counts = await importCrmFile(expected.db, file, opts);
      const path = write(
        `crm.${format}`,
        format === 'json' ? JSON.stringify(file, null, 2) : asJsonLines(file),
      );
      const streamed = await crms.open();
      expect(await importCrmFileStream(streamed.db, path, opts)).toEqual(counts);
      expect(await exportCrmFile(streamed.db)).toEqual(await exportCrmFile(expected.db));
      // And again: the same file twice leaves the same data.
      await importCrmFileStream(streamed.db, path, opts);
      expect(await exportCrmFile(streamed.db)).toEqual(await exportCrmFile(expected.db));
    },
  );

  it('moves a number between two customers of the file, whichever comes first', async () => {
    const { db, crm } = await crms.open();
    await importCrmFile(
      db,
      {
        version: 1,
        customers: [customer('a', ['+7 701 000 00 01']), customer('b', ['+7 701 000 00 02'])],
      },
      opts,
    );
    const path = write(
      'move.jsonl',
      asJsonLines({
        version: 1,
        customers: [customer('a', ['+7 701 000 00 02']), customer('b', ['+7 701 000 00 03'])],
      }),
    );
    await importCrmFileStream(db, path, opts);
    expect((await crm.findCustomerByPhone('+77010000002'))?.id).toBe('a');
    expect((await crm.findCustomerByPhone('+77010000003'))?.id).toBe('b');
    expect(await crm.findCustomerByPhone('+77010000001')).toBeNull();
  });

  it('refuses a number held by a customer outside the file, and writes nothing', async () => {
    const { db, crm } = await crms.open();
    await importCrmFile(db, { version: 1, customers: [customer('x', ['+7 701 000 00 09'])] }, opts);
    const path = write(
      'taken.json',
      JSON.stringify({
        version: 1,
        customers: [customer('new', ['+7 701 000 00 05']), customer('y', ['+7 701 000 00 09'])],
      }),
    );
    const error: unknown = await importCrmFileStream(db, path, opts).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmImportError);
    expect((error as CrmImportError).issues).toEqual([
      'customers[1].phones[0]: number already belongs to customer x; add that customer to the file with their current numbers to move it',
    ]);
    expect(await crm.findCustomerByPhone('+77010000005')).toBeNull();
    expect((await crm.findCustomerByPhone('+77010000009'))?.id).toBe('x');
  });

  it('reports every problem of the file with its path, in file order', async () => {
    const path = write(
      'bad.jsonl',
      asJsonLines({
        version: 1,
        customers: [
          customer('a', ['+7 701 000 00 01']),
          customer('a', ['+7 701 000 00 02']),
          customer('b', ['+7 701 000 00 01']),
          customer('c', ['not a number'], { timezone: 'Asia/Almaty' }),
          customer('d', ['12']),
        ],
      }),
    );
    expect((await streamError(path)).issues).toEqual([
      'customers[1].id: same id as customers[0]',
      'customers[2].phones[0]: same number as customers[0].phones[0]; a number belongs to one customer',
      'customers[3].timezone: unknown field',
      'customers[4].phones[0]: not a valid phone number',
    ]);
  });

  it('says which line of a JSON Lines file is not JSON, and that a JSON file is not JSON', async () => {
    const lines = write('broken.jsonl', '{"version":1}\n{"customer":{"id":"a",\n');
    expect((await streamError(lines)).message).toMatch(/line 2/);
    const json = write('broken.json', '{"version":1,"customers":[{"id":"a"');
    expect((await streamError(json)).message).toMatch(/not valid JSON/);
    const missing = await streamError(join(tempDir(), 'none.json'));
    expect(missing.message).toMatch(/Cannot read the CRM file/);
  });

  it('checks the top-level fields: version, unknown fields, customers', async () => {
    const path = write('top.json', JSON.stringify({ version: 2, customer: [] }));
    expect((await streamError(path)).issues).toEqual([
      'customer: unknown field',
      'customers: required',
      'version: must be one of 1',
    ]);
  });
});
