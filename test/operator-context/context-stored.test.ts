import { afterEach, describe, expect, it } from 'vitest';
import { migrateTo, migrateToLatest } from '../../src/store/migrations.js';
import { callRow } from '../call-log/call-log-helpers.js';
import { tempCrms } from '../crm/temp-crm.js';
import { PROVIDERS } from '../support/providers.js';
import { buildTestApp } from '../support/test-app.js';

const UNKNOWN = '+77779998877';
const IVAN = '+79165551234';

describe.each(PROVIDERS)('$name: the transfer context is stored with the call', (provider) => {
  it('context_json holds what was sent, with everything the caller said', async () => {
    const t = await buildTestApp();
    const call = provider.call(t, UNKNOWN);
    await call.start();
    await call.say('Қазақша', 0.9);
    expect((await callRow(t, call.id)).context_json).toBeNull();
    const transfer = await call.say('менің төлем туралы сұрағым бар', 0.8);
    expect(transfer.dial?.sip).toBe('sip:billing@pbx.example.kz');

    const context = JSON.parse((await callRow(t, call.id)).context_json!) as Record<
      string,
      unknown
    >;
    expect(context).toMatchObject({
      callId: call.id,
      provider: provider.name,
      customerId: null,
      maskedCaller: '+7777*****77',
      language: 'kk',
      segment: null,
      speech: ['Қазақша', 'менің төлем туралы сұрағым бар'],
      target: { id: 'billing', destination: 'sip:billing@pbx.example.kz' },
    });
    const path = context.path as Array<{ step: string; input: string | null }>;
    expect(path.filter((p) => p.input !== null)).toEqual([
      expect.objectContaining({ step: 'language', input: 'speech:Қазақша (0.9)' }),
      expect.objectContaining({
        step: 'menu',
        input: 'speech:менің төлем туралы сұрағым бар (0.8)',
      }),
    ]);
  });

  it('a later transfer replaces it with its own target', async () => {
    const t = await buildTestApp();
    const call = provider.call(t, IVAN);
    await call.start();
    await call.press('1');
    const first = JSON.parse((await callRow(t, call.id)).context_json!) as {
      target: { id: string };
    };
    expect(first.target).toEqual({ id: 'sales', destination: '+77172000001' });
    await call.dialOutcome('no-answer');
    const second = JSON.parse((await callRow(t, call.id)).context_json!) as {
      target: { id: string };
      path: Array<{ result: string }>;
    };
    expect(second.target).toEqual({ id: 'operator', destination: '+77172000000' });
    expect(second.path.at(-1)?.result).toBe('sales:no-answer');
  });
});

describe('migration 010_call_context', () => {
  const crms = tempCrms();
  afterEach(() => crms.closeAll());

  it('adds calls.context_json to a database of the previous version and takes it away', async () => {
    const { db } = await crms.open();
    await migrateTo(db, '008_tasks');
    const columns = async () =>
      (await db.introspection.getTables())
        .find((table) => table.name === 'calls')!
        .columns.map((c) => c.name);
    expect(await columns()).not.toContain('context_json');
    await migrateToLatest(db);
    const column = (await db.introspection.getTables())
      .find((table) => table.name === 'calls')!
      .columns.find((c) => c.name === 'context_json');
    expect(column).toMatchObject({ isNullable: true });
    await migrateTo(db, '008_tasks');
    expect(await columns()).not.toContain('context_json');
  });
});
