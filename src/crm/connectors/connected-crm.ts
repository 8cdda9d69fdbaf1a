import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  TaskCancelledError,
  TimeoutStrategy,
  circuitBreaker,
  handleAll,
  timeout,
  wrap,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import { LRUCache } from 'lru-cache';
import type { CallRecord } from '../../flow/call-record.js';
import type { CustomerProfile } from '../../flow/customer.js';
import { NO_ACCOUNT_FACTS } from '../../flow/customer-items.js';
import type { CustomerRequest } from '../../flow/effects.js';
import type { EmployeeContact, RankedEmployee } from '../../flow/employee-data.js';
import type { Language } from '../../flow/language.js';
import type { ContractInfo, Outage } from '../../flow/self-service-data.js';
import type { Logger } from '../../lib/logger.js';
import { maskPhone } from '../../lib/mask.js';
import type { CrmPort } from '../crm-port.js';
import {
  CrmRequestError,
  type ConnectorCustomer,
  type CrmConnector,
  type TrustCreditActivation,
} from './crm-connector.js';
import {
  BREAKER_STATE_VALUE,
  crmBreakerState,
  crmBreakerTransitions,
  crmCacheServed,
  crmCacheSize,
  crmRequestSeconds,
  crmRequests,
} from './crm-metrics.js';
import type { CrmWriteQueue } from './crm-write-queue.js';

export interface ConnectedCrmOptions {
  connector: CrmConnector;
  /** The embedded CRM: employee ranking, extensions, outages, and contracts the CRM lacks. */
  local: CrmPort;
  writes: CrmWriteQueue;
  logger: Logger;
  /** CRM_TIMEOUT_MS: the whole lookup's budget on the call path. */
  timeoutMs: number;
  cacheTtlSec: number;
  cacheMax: number;
  /** Consecutive failures that open the breaker. */
  breakerFailures: number;
  /** How long the breaker stays open before one probe is let through. */
  breakerCooldownMs: number;
}

type BreakerName = keyof typeof BREAKER_STATE_VALUE;

const STATE_NAMES: Record<CircuitState, BreakerName> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'open',
};

/**
 * The CrmPort over an external CRM connector, built so a slow or broken CRM never costs the
 * caller more than the budget:
 * - each request runs under a deadline a little inside CRM_TIMEOUT_MS whose AbortSignal
 *   cancels it (the rest of the budget reads the local ranking);
 * - a circuit breaker (cockatiel) opens after `breakerFailures` failures in a row, so
 *   lookups are skipped at once during the cool-down; a half-open probe closes it again;
 * - a profile cache (lru-cache, TTL and size bound) greets a caller seen recently by name
 *   when the CRM does not answer: such a profile is marked `stale` and carries no open
 *   items or money facts, which only a fresh answer may give;
 * - writes are queued as durable tasks (CrmWriteQueue), never sent on the call path;
 * - the employee ranking, extensions and outages stay in the embedded CRM, with the
 *   contact's responsible user (Bitrix24, amoCRM) first among the ranked employees.
 */
export class ConnectedCrm implements CrmPort {
  private readonly cache: LRUCache<string, ConnectorCustomer>;
  /** The responsible user of each customer looked up, for the ranking and extensions. */
  private readonly responsibles: LRUCache<string, EmployeeContact>;
  private readonly breaker: CircuitBreakerPolicy;
  private readonly deadlineMs: number;
  private readonly name: string;

  constructor(private readonly opts: ConnectedCrmOptions) {
    this.name = opts.connector.name;
    this.cache = new LRUCache({ max: opts.cacheMax, ttl: Math.max(1, opts.cacheTtlSec) * 1000 });
    this.responsibles = new LRUCache({ max: opts.cacheMax });
    this.breaker = circuitBreaker(handleAll, {
      halfOpenAfter: opts.breakerCooldownMs,
      breaker: new ConsecutiveBreaker(opts.breakerFailures),
    });
    // Inside the budget: the runtime's own limit must not fire first, or the cached
    // greeting could not be given; 10 % of it (at most 30 ms) is left for the local reads.
    this.deadlineMs = opts.timeoutMs - Math.min(30, Math.floor(opts.timeoutMs / 10));
    crmBreakerState.set({ connector: this.name }, BREAKER_STATE_VALUE.closed);
    this.breaker.onStateChange((state) => {
      const name = STATE_NAMES[state];
      crmBreakerState.set({ connector: this.name }, BREAKER_STATE_VALUE[name]);
      crmBreakerTransitions.inc({ connector: this.name, state: name });
      const fields = { connector: this.name, breaker: name };
      if (name === 'open') {
        opts.logger.warn(
          { ...fields, cooldownMs: opts.breakerCooldownMs },
          'crm breaker open: lookups skipped, callers get the classic menu or the cached greeting',
        );
      } else if (name === 'half-open') {
        opts.logger.info(fields, 'crm breaker half-open: one probe goes to the CRM');
      } else {
        opts.logger.info(fields, 'crm breaker closed: the CRM answers again');
      }
    });
  }

  /** closed, open or half-open: for logs, metrics and tests. */
  get breakerState(): BreakerName {
    return STATE_NAMES[this.breaker.state];
  }

  async findCustomerByPhone(e164: string, at?: string): Promise<CustomerProfile | null> {
    const when = at ?? new Date().toISOString();
    try {
      const found = await this.guarded('lookup', (signal) =>
        this.opts.connector.findCustomer(e164, when, signal),
      );
      if (found) {
        this.cache.set(e164, found);
        if (found.responsible) this.responsibles.set(found.customer.id, found.responsible);
      } else {
        this.cache.delete(e164);
      }
      crmCacheSize.set({ connector: this.name }, this.cache.size);
      return found?.customer ?? null;
    } catch (err) {
      const cached = this.cache.get(e164);
      if (!cached) throw err;
      const reason = err instanceof CrmRequestError ? err.reason : 'error';
      crmCacheServed.inc({ connector: this.name, reason });
      this.opts.logger.warn(
        { connector: this.name, caller: maskPhone(e164), reason, err: (err as Error).message },
        'crm did not answer: greeting from the cached profile (no items, no money facts)',
      );
      return staleProfile(cached.customer);
    }
  }

  async findRankedEmployees(
    customerId: string,
    at: string,
    limit: number,
  ): Promise<RankedEmployee[]> {
    const ranked = await this.opts.local.findRankedEmployees(customerId, at, limit);
    const responsible = this.responsibles.get(customerId);
    if (!responsible) return ranked;
    const others = ranked.filter((e) => e.extension !== responsible.extension);
    // The CRM's own answer to "who deals with this client" outranks any computed score.
    const top = (ranked[0]?.score ?? 0) + 1;
    return [{ ...responsible, score: top }, ...others].slice(0, limit);
  }

  async findAvailableEmployeeByExtension(
    extension: string,
    at: string,
  ): Promise<EmployeeContact | null> {
    const local = await this.opts.local.findAvailableEmployeeByExtension(extension, at);
    if (local) return local;
    for (const [, e] of this.responsibles.entries()) if (e.extension === extension) return e;
    return null;
  }

  findOutagesForPhone(e164: string, at: string): Promise<Outage[]> {
    return this.opts.local.findOutagesForPhone(e164, at);
  }

  /** Contracts and balances are never cached: money answers come from the CRM or not at all. */
  findContract(number: string): Promise<ContractInfo | null> {
    const { connector } = this.opts;
    if (!connector.findContract) return this.opts.local.findContract(number);
    return this.guarded('contract', (signal) => connector.findContract!(number, signal));
  }

  activateTrustCredit(credit: TrustCreditActivation): Promise<void> {
    const { connector } = this.opts;
    if (!connector.activateTrustCredit) return this.opts.local.activateTrustCredit(credit);
    return this.guarded('trust-credit', (signal) => connector.activateTrustCredit!(credit, signal));
  }

  async recordRequest(request: CustomerRequest): Promise<void> {
    await this.opts.writes.enqueue(
      { kind: 'request', request },
      { callId: request.callId, customerId: request.customerId },
    );
  }

  async confirmAppointment(appointmentId: string, callId: string): Promise<void> {
    await this.opts.writes.enqueue(
      { kind: 'appointment', appointmentId, callId, at: new Date().toISOString() },
      { callId, customerId: null },
    );
  }

  async saveLanguage(customerId: string, language: Language): Promise<void> {
    // The next call of this customer already speaks it, even before the CRM has it.
    for (const [phone, entry] of this.cache.entries()) {
      if (entry.customer.id === customerId) {
        this.cache.set(phone, { ...entry, customer: { ...entry.customer, language } });
      }
    }
    const callId = `language:${customerId}`;
    await this.opts.writes.enqueue(
      { kind: 'language', customerId, language, callId, at: new Date().toISOString() },
      { callId, customerId, language },
    );
  }

  async recordCall(record: CallRecord): Promise<void> {
    await this.opts.writes.enqueue(
      { kind: 'call', record },
      { callId: record.callId, customerId: record.customerId, language: record.language },
    );
  }

  /**
   * One request through the breaker and the deadline. The deadline aborts the request's
   * signal (a real cancellation) and rejects at once; an open breaker rejects before any
   * request. Outcomes and times go to the metrics.
   */
  private async guarded<T>(
    operation: string,
    work: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const started = performance.now();
    const labels = { connector: this.name, operation };
    const policy = wrap(this.breaker, timeout(this.deadlineMs, TimeoutStrategy.Aggressive));
    try {
      // A signal of its own per request: cockatiel would otherwise hang every execution's
      // listener on one shared signal.
      const result = await policy.execute(
        ({ signal }) => work(signal),
        new AbortController().signal,
      );
      crmRequests.inc({ ...labels, outcome: result === null ? 'not-found' : 'ok' });
      return result;
    } catch (err) {
      if (err instanceof BrokenCircuitError) {
        crmRequests.inc({ ...labels, outcome: 'skipped' });
        throw new CrmRequestError(`${this.name} CRM breaker open: ${operation} skipped`, 'network');
      }
      const failure =
        err instanceof TaskCancelledError
          ? new CrmRequestError(
              `${this.name} CRM ${operation}: no answer within ${this.deadlineMs} ms`,
              'timeout',
            )
          : err;
      crmRequests.inc({
        ...labels,
        outcome: failure instanceof CrmRequestError ? failure.reason : 'error',
      });
      throw failure;
    } finally {
      crmRequestSeconds.observe(labels, (performance.now() - started) / 1000);
    }
  }
}

/** A remembered profile for the greeting only: no items, no money or security facts. */
function staleProfile(c: CustomerProfile): CustomerProfile {
  return {
    ...c,
    items: [],
    account: { ...NO_ACCOUNT_FACTS, personalManager: c.account.personalManager },
    stale: true,
  };
}
