import { describe, expect, it } from 'vitest';
import { NO_ACCOUNT_FACTS } from '../../src/flow/customer-items.js';
import type { CallSnapshot } from '../../src/flow/snapshot.js';
import { spokenText } from '../../src/flow/steps/describe-input.js';
import { buildTransferContext } from '../../src/flow/transfer-context.js';

const AT = '2026-11-21T07:00:00.000Z';

const snapshot: CallSnapshot = {
  version: 1,
  provider: 'vonage',
  callId: 'abc123',
  caller: '+77011112233',
  called: '+77172123456',
  startedAt: AT,
  step: 'transfer',
  language: 'kk',
  zone: 'Asia/Almaty',
  crm: 'found',
  customer: {
    id: 'c-arman',
    firstName: 'Арман',
    lastName: 'Сейітқали',
    patronymic: null,
    language: 'kk',
    timeZone: 'Asia/Aqtobe',
    segment: 'vip',
    phones: ['+77011112233'],
    items: [],
    account: NO_ACCOUNT_FACTS,
  },
  tries: 0,
  transfer: null,
  path: [
    { step: 'language', at: AT, input: null, result: 'greeted' },
    { step: 'menu', at: AT, input: 'dtmf:7', result: 'invalid' },
    { step: 'menu', at: AT, input: 'speech:сату бөлімі (0.87)', result: 'invalid' },
    { step: 'menu', at: AT, input: 'speech:маған оператор керек', result: 'chosen:operator' },
  ],
  selfService: null,
  selfServed: false,
  employees: [],
  answeredBy: null,
  segmentRule: 'vip-personal-manager',
  reminded: false,
  predicted: { reason: 'заказ 12345', answer: 'no' },
};

describe('buildTransferContext', () => {
  it('takes who, what was said and the prediction from the snapshot', () => {
    const context = buildTransferContext(snapshot, {
      target: 'operator',
      destination: { type: 'number', number: '+77172000000' },
    });
    expect(context).toEqual({
      callId: 'abc123',
      provider: 'vonage',
      customerId: 'c-arman',
      maskedCaller: '+7701*****33',
      language: 'kk',
      segment: 'vip',
      segmentRule: 'vip-personal-manager',
      predictedReason: 'заказ 12345',
      callerAnswer: 'no',
      path: snapshot.path,
      speech: ['сату бөлімі', 'маған оператор керек'],
      target: { id: 'operator', destination: '+77172000000' },
    });
    // Plain JSON: what is stored and sent reads back the same.
    expect(JSON.parse(JSON.stringify(context))).toEqual(context);
  });

  it('a withheld number, no customer and a snapshot stored before predictions', () => {
    const { predicted: _predicted, ...older } = snapshot;
    const context = buildTransferContext(
      { ...older, caller: null, customer: null, segmentRule: null },
      { target: 'billing', destination: { type: 'sip', uri: 'sip:billing@pbx.example.kz' } },
    );
    expect(context).toMatchObject({
      customerId: null,
      maskedCaller: null,
      segment: null,
      segmentRule: null,
      predictedReason: null,
      callerAnswer: null,
      target: { id: 'billing', destination: 'sip:billing@pbx.example.kz' },
    });
  });

  it('does not share the path with the snapshot', () => {
    const context = buildTransferContext(snapshot, {
      target: 'sales',
      destination: { type: 'number', number: '+77172000001' },
    });
    context.path[0]!.result = 'changed';
    expect(snapshot.path[0]!.result).toBe('greeted');
  });
});

describe('spokenText', () => {
  it.each([
    ['speech:продажи (0.91)', 'продажи'],
    ['speech:продажи (1)', 'продажи'],
    ['speech:Қазақша', 'Қазақша'],
    ['speech:номер (12) заказа (0.5)', 'номер (12) заказа'],
    ['dtmf:1', null],
    [null, null],
    ['speech:', null],
  ])('%j → %j', (input, text) => {
    expect(spokenText(input)).toBe(text);
  });
});
