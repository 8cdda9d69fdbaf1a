import type { CrmPort } from '../../src/crm/crm-port.js';
import type { CallRecord } from '../../src/flow/call-record.js';
import type { CustomerProfile } from '../../src/flow/customer.js';

/**
 * A CRM that misbehaves on purpose: slow, failing, or returning raw text the real CRM's
 * import would reject. Normal cases use the real SQLite CRM.
 */
export class MisbehavingCrm implements CrmPort {
  readonly records: CallRecord[] = [];
  lookups = 0;

  constructor(
    private readonly behaviour: {
      delayMs?: number;
      fail?: Error;
      customer?: CustomerProfile | null;
      failRecord?: Error;
    },
  ) {}

  async findCustomerByPhone(): Promise<CustomerProfile | null> {
    this.lookups += 1;
    if (this.behaviour.delayMs) await new Promise((r) => setTimeout(r, this.behaviour.delayMs));
    if (this.behaviour.fail) throw this.behaviour.fail;
    return this.behaviour.customer ?? null;
  }

  recordCall(record: CallRecord): Promise<void> {
    if (this.behaviour.failRecord) return Promise.reject(this.behaviour.failRecord);
    this.records.push(record);
    return Promise.resolve();
  }
}
