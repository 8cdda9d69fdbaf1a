import type { CallRecord } from './call-record.js';

/**
 * Named side effects the flow asks for. The runtime executes them with a time budget and
 * feeds the outcome back as events (`crm.found`, `crm.notFound`, `crm.timeout`, `crm.failed`,
 * `crm.recorded`, `crm.recordFailed`).
 */
export type Effect =
  { type: 'crm.lookupCaller'; phone: string } | { type: 'crm.recordCall'; record: CallRecord };
