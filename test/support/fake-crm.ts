import type { CrmPort } from '../../src/crm/crm-port.js';
import type { CallRecord } from '../../src/flow/call-record.js';
import type { CustomerProfile } from '../../src/flow/customer.js';
import type { EmployeeContact, RankedEmployee } from '../../src/flow/employee-data.js';
import type { ContractInfo, Outage } from '../../src/flow/self-service-data.js';

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
      failContract?: Error;
      failRanking?: Error;
    },
  ) {}

  async findCustomerByPhone(): Promise<CustomerProfile | null> {
    this.lookups += 1;
    if (this.behaviour.delayMs) await new Promise((r) => setTimeout(r, this.behaviour.delayMs));
    if (this.behaviour.fail) throw this.behaviour.fail;
    return this.behaviour.customer ?? null;
  }

  findRankedEmployees(): Promise<RankedEmployee[]> {
    if (this.behaviour.failRanking) return Promise.reject(this.behaviour.failRanking);
    return Promise.resolve([]);
  }

  findAvailableEmployeeByExtension(): Promise<EmployeeContact | null> {
    if (this.behaviour.failRanking) return Promise.reject(this.behaviour.failRanking);
    return Promise.resolve(null);
  }

  findOutagesForPhone(): Promise<Outage[]> {
    return Promise.resolve([]);
  }

  findContract(): Promise<ContractInfo | null> {
    if (this.behaviour.failContract) return Promise.reject(this.behaviour.failContract);
    return Promise.resolve(null);
  }

  activateTrustCredit(): Promise<void> {
    return Promise.reject(new Error('no contracts in this CRM'));
  }

  recordRequest(): Promise<void> {
    return Promise.reject(new Error('no requests in this CRM'));
  }

  confirmAppointment(): Promise<void> {
    return Promise.reject(new Error('no appointments in this CRM'));
  }

  saveLanguage(): Promise<void> {
    return Promise.resolve();
  }

  recordCall(record: CallRecord): Promise<void> {
    if (this.behaviour.failRecord) return Promise.reject(this.behaviour.failRecord);
    this.records.push(record);
    return Promise.resolve();
  }
}
