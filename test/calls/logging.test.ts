import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../support/memory-logger.js';
import { MisbehavingCrm } from '../support/fake-crm.js';
import { PROVIDERS } from '../support/providers.js';
import { buildTestApp } from '../support/test-app.js';

describe.each(PROVIDERS)('$name: logs mask phone numbers and names', (provider) => {
  it('a whole call logs the caller masked and never the name', async () => {
    const log = memoryLogger();
    const t = await buildTestApp({ logger: log.logger });
    const call = provider.call(t, '+77071234567');
    await call.start();
    await call.press('1');
    await call.dialOutcome('answered');
    await call.hangup();
    const text = log.text();
    expect(text).toContain('call started');
    expect(text).toContain('+7707*****67');
    expect(text).not.toContain('77071234567');
    expect(text).not.toContain('Әсел');
  });

  it('a failing CRM is logged as the reason for the classic menu', async () => {
    const log = memoryLogger();
    const crm = new MisbehavingCrm({ fail: new Error('connect ECONNREFUSED') });
    const t = await buildTestApp({ crm, logger: log.logger });
    await provider.call(t, '+77071234567').start();
    expect(log.text()).toContain('crm lookup failed: classic menu');
  });
});
