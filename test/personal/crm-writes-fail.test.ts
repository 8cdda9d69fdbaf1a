import { describe, expect, it } from 'vitest';
import type { CrmPort } from '../../src/crm/crm-port.js';
import { spoken } from '../../src/simulator/heard.js';
import { memoryLogger } from '../support/memory-logger.js';
import { PROVIDERS } from '../support/providers.js';
import { buildTestApp, testCrm } from '../support/test-app.js';

const BORIS = '+77051112202'; // suspicious payment today
const DANA = '+77051112203'; // appointment tomorrow
const DINA = '+77015550000'; // known, no language on file

/** The real SQLite CRM with one write that fails, as a CRM that is down would. */
async function crmFailing(
  method: 'recordRequest' | 'confirmAppointment' | 'saveLanguage',
): Promise<CrmPort> {
  const { crm } = await testCrm();
  const failing = Object.create(crm) as CrmPort;
  failing[method] = () => Promise.reject(new Error('CRM 503 Service Unavailable'));
  return failing;
}

async function pathOf(t: Awaited<ReturnType<typeof buildTestApp>>, callId: string) {
  const row = await t.db
    .selectFrom('calls')
    .select('path_json')
    .where('call_id', '=', callId)
    .executeTakeFirstOrThrow();
  return (JSON.parse(row.path_json ?? '[]') as Array<{ result: string }>).map((p) => p.result);
}

describe.each(PROVIDERS)('$name: a CRM write fails, the caller is still served', (provider) => {
  it('the block-card request cannot be recorded: put through to the fraud line all the same', async () => {
    const log = memoryLogger();
    const t = await buildTestApp({ crm: await crmFailing('recordRequest'), logger: log.logger });
    const call = provider.call(t, BORIS);
    await call.start();
    const transfer = await call.press('1');
    expect(transfer.dial?.number).toBe('+77172000014');
    await call.dialOutcome('answered');
    await call.hangup();
    expect(await pathOf(t, call.id)).toContain('request-failed');
    expect(log.text()).toContain('crm request not recorded');
  });

  it('the appointment cannot be confirmed: not told it is, put through to the front desk', async () => {
    const log = memoryLogger();
    const t = await buildTestApp({
      crm: await crmFailing('confirmAppointment'),
      logger: log.logger,
    });
    const call = provider.call(t, DANA);
    await call.start();
    await call.press('1');
    const transfer = await call.press('1');
    expect(spoken(transfer)).not.toContain('расталды');
    expect(transfer.dial?.number).toBe('+77172000015');
    await call.dialOutcome('answered');
    await call.hangup();
    expect(await pathOf(t, call.id)).toContain('appointment:failed');
    expect(log.text()).toContain('appointment not confirmed');
  });

  it('the chosen language cannot be saved in the CRM: this call goes on in it, the next one is greeted in it (remembered for the number) and the CRM is written again', async () => {
    const log = memoryLogger();
    const t = await buildTestApp({ crm: await crmFailing('saveLanguage'), logger: log.logger });
    const call = provider.call(t, DINA);
    await call.start();
    const menu = await call.press('2');
    expect(spoken(menu)).toContain('Сату бөлімі — 1 басыңыз.');
    await call.hangup();
    expect(log.text()).toContain('language not saved');
    const writes = log.text().split('language not saved').length;
    const again = await provider.call(t, DINA).start();
    expect(again.heard[0]?.text).toBe('Қайырлы күн, Дина!');
    expect(spoken(again)).not.toContain('Қазақ тілінде жалғастыру үшін 2 батырмасын басыңыз.');
    // The CRM write is tried again (and fails again, logged): it catches up once the CRM does.
    expect(log.text().split('language not saved').length).toBe(writes + 1);
  });
});
