import { describe, expect, it } from 'vitest';
import { PermanentTaskError } from '../../src/tasks/permanent-task-error.js';
import type { Task } from '../../src/tasks/task.js';
import { createTaskExecutors, type TaskExecutorDeps } from '../../src/tasks/task-executors.js';
import type {
  CallbackRequest,
  PlacedCall,
  TelephonyPort,
} from '../../src/telephony/telephony-port.js';
import { RecordingSms } from '../support/recording-sms.js';
import { memoryLogger } from '../support/memory-logger.js';
import { draft, T0 } from './task-fixtures.js';

class RecordingTelephony implements TelephonyPort {
  readonly placed: CallbackRequest[] = [];
  placeCallback(req: CallbackRequest): Promise<PlacedCall> {
    this.placed.push(req);
    return Promise.resolve({ callId: `CA-test-${this.placed.length}`, channel: 'twilio' });
  }
}

function task(overrides: Partial<Task> = {}): Task {
  return {
    ...draft(),
    status: 'running',
    createdAt: T0,
    updatedAt: T0,
    runs: 1,
    lastError: null,
    resultRef: null,
    doneAt: null,
    ...overrides,
  };
}

function setup(overrides: Partial<TaskExecutorDeps> = {}) {
  const telephony = new RecordingTelephony();
  const sms = new RecordingSms();
  const log = memoryLogger();
  const rendered: Array<[string, string, string]> = [];
  const executors = createTaskExecutors({
    telephony,
    sms,
    agentDestination: 'sip:operator@pbx.example.com',
    callbackFrom: '+77172000000',
    supervisorPhone: '+77015550000',
    renderTemplate: (template, language, t) => {
      rendered.push([template, language, t.id]);
      return `${template}/${language}`;
    },
    logger: log.logger,
    ...overrides,
  });
  return { telephony, sms, log, rendered, executors };
}

describe('createTaskExecutors', () => {
  it('callback: places the call agent first, then the customer; the result is the call id', async () => {
    const { telephony, executors } = setup();
    const ref = await executors.callback(task({ attempt: 2, language: 'ru' }));
    expect(ref).toBe('CA-test-1');
    expect(telephony.placed).toEqual([
      {
        taskId: 'CA0001:missed-call:0',
        attempt: 2,
        agent: 'sip:operator@pbx.example.com',
        customer: '+77071234567',
        from: '+77172000000',
        language: 'ru',
      },
    ]);
  });

  it('sms: texts the customer the rendered template; the result is the receipt id', async () => {
    const { sms, rendered, executors } = setup();
    const ref = await executors.sms(task({ kind: 'sms', template: 'sorry-we-missed-you' }));
    expect(ref).toBe('test-1');
    expect(sms.sent).toEqual([{ to: '+77071234567', text: 'sorry-we-missed-you/kk' }]);
    expect(rendered).toEqual([['sorry-we-missed-you', 'kk', 'CA0001:missed-call:0']]);
  });

  it('a task without a template renders the one named after its kind', async () => {
    const { sms, executors } = setup();
    await executors.sms(task({ kind: 'sms', template: null }));
    expect(sms.sent[0]?.text).toBe('sms/kk');
  });

  it('notify-supervisor: texts SUPERVISOR_PHONE', async () => {
    const { sms, executors } = setup();
    const ref = await executors['notify-supervisor'](
      task({ kind: 'notify-supervisor', template: 'vip-waited' }),
    );
    expect(ref).toBe('test-1');
    expect(sms.sent).toEqual([{ to: '+77015550000', text: 'vip-waited/kk' }]);
  });

  it('notify-supervisor without SUPERVISOR_PHONE: a warning, result log-only, nothing sent', async () => {
    const { sms, log, executors } = setup({ supervisorPhone: null });
    const ref = await executors['notify-supervisor'](task({ kind: 'notify-supervisor' }));
    expect(ref).toBe('log-only');
    expect(sms.sent).toEqual([]);
    expect(log.lines()).toMatchObject([
      {
        level: 40,
        msg: 'supervisor notification only logged: SUPERVISOR_PHONE is not set',
        taskId: 'CA0001:missed-call:0',
        customer: '+7707*****67',
      },
    ]);
    expect(log.text()).not.toContain('77071234567');
  });

  it.each(['callback', 'sms'] as const)(
    '%s without a customer phone fails for good, sending nothing',
    async (kind) => {
      const { telephony, sms, executors } = setup();
      const run = executors[kind](task({ kind, customerPhone: null }));
      await expect(run).rejects.toThrow(PermanentTaskError);
      await expect(run).rejects.toThrow(`${kind} task CA0001:missed-call:0 has no customer phone`);
      await expect(executors[kind](task({ kind, customerPhone: '87071234567' }))).rejects.toThrow(
        /customer phone 8707\*{5}67 is not E\.164/,
      );
      expect(telephony.placed).toEqual([]);
      expect(sms.sent).toEqual([]);
    },
  );

  it('a template that does not render fails for good', async () => {
    const { sms, executors } = setup({
      renderTemplate: () => {
        throw new Error('unknown template nope');
      },
    });
    const run = executors.sms(task({ kind: 'sms', template: 'nope' }));
    await expect(run).rejects.toThrow(PermanentTaskError);
    await expect(run).rejects.toThrow('template nope (kk) did not render: unknown template nope');
    expect(sms.sent).toEqual([]);
  });

  it('provider failures propagate as they are, for the scheduler to retry', async () => {
    const failure = new Error('SMS via Twilio was refused (HTTP 500)');
    const { executors } = setup({ sms: new RecordingSms(failure) });
    await expect(executors.sms(task({ kind: 'sms' }))).rejects.toBe(failure);
  });
});
