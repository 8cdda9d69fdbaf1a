import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportCrmFile } from '../../src/crm/export-crm-file.js';
import { importCrmFile } from '../../src/crm/import-crm-file.js';
import { importCrmFileStream } from '../../src/crm/stream-import-crm-file.js';
import { CrmImportError } from '../../src/errors/crm-import-error.js';
import { sql } from 'kysely';
import { DATABASES } from '../support/test-databases.js';
import { tempCrms, tempDir } from './temp-crm.js';

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

const customer = (id: string, phones: string[], over: Json = {}) => ({
  id,
  firstName: 'Әсел',
  phones,
  ...over,
});

describe.each(DATABASES)('importCrmFileStream on %s', (kind) => {
  const crms = tempCrms(kind);
  afterEach(() => crms.closeAll());
  const file = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Json;

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

  it('finds the same id or number again many parts later in a large file', async () => {
    const many = Array.from({ length: 2500 }, (_, i) =>
      customer(`c${i}`, [`+7 701 ${String(i).padStart(7, '0')}`]),
    );
    many[2001] = customer('c5', ['+7 702 000 00 01']);
    many[2400] = customer('c2400', ['+7 702 000 00 02', '+7 701 000 00 10']);
    const path = write('large.jsonl', asJsonLines({ version: 1, customers: many }));
    expect((await streamError(path)).issues).toEqual([
      'customers[2001].id: same id as customers[5]',
      'customers[2400].phones[1]: same number as customers[10].phones[0]; a number belongs to one customer',
    ]);
    many[2001] = customer('c2001', ['+7 702 000 00 01']);
    many[2400] = customer('c2400', ['+7 702 000 00 02', '+7 702 000 00 02']);
    const { db, crm } = await crms.open();
    const fine = write('large-fine.jsonl', asJsonLines({ version: 1, customers: many }));
    expect(await importCrmFileStream(db, fine, opts)).toEqual({ customers: 2500, phones: 2500 });
    expect((await crm.findCustomerByPhone('+77010002499'))?.id).toBe('c2499');
    expect((await crm.findCustomerByPhone('+77020000002'))?.id).toBe('c2400');
  });

  it.runIf(kind === 'sqlite')(
    'leaves the indexes and settings of the database as they were, imported or refused',
    async () => {
      const { db } = await crms.open();
      const state = async () => ({
        indexes: (
          await sql<{
            name: string;
          }>`select name from sqlite_master where type = 'index' and tbl_name = 'customer_phones' order by name`.execute(
            db,
          )
        ).rows.map((r) => r.name),
        temp: (await sql<{ name: string }>`select name from temp.sqlite_master`.execute(db)).rows,
        cache: (await sql<{ cache_size: number }>`pragma cache_size`.execute(db)).rows,
      });
      const before = await state();
      expect(before.indexes).toContain('customer_phones_customer_id_idx');
      const bad = write(
        'bad.json',
        JSON.stringify({ version: 1, customers: [customer('a', ['x'])] }),
      );
      await expect(importCrmFileStream(db, bad, opts)).rejects.toThrow(CrmImportError);
      expect(await state()).toEqual(before);
      const good = write(
        'good.json',
        JSON.stringify({ version: 1, customers: [customer('a', ['+7 701 000 00 01'])] }),
      );
      await importCrmFileStream(db, good, opts);
      expect(await state()).toEqual(before);
      // The index built at the end is the one the lookups use.
      const plan = await sql<{
        detail: string;
      }>`explain query plan select e164 from customer_phones where customer_id = ${'a'}`.execute(
        db,
      );
      expect(plan.rows.map((r) => r.detail).join()).toMatch(/customer_phones_customer_id_idx/);
    },
  );

  it('checks the top-level fields: version, unknown fields, customers', async () => {
    const path = write('top.json', JSON.stringify({ version: 2, customer: [] }));
    expect((await streamError(path)).issues).toEqual([
      'customer: unknown field',
      'customers: required',
      'version: must be one of 1',
    ]);
  });
});
