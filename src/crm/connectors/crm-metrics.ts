import { Counter, Gauge, Histogram } from 'prom-client';

/** Breaker states as the gauge reports them. */
export const BREAKER_STATE_VALUE = { closed: 0, open: 1, 'half-open': 2 } as const;

/** 0 closed, 1 open (lookups skipped), 2 half-open (one probe let through), per connector. */
export const crmBreakerState = new Gauge({
  name: 'ivr_crm_breaker_state',
  help: 'Circuit breaker of the CRM connector: 0 closed, 1 open, 2 half-open',
  labelNames: ['connector'],
});

export const crmBreakerTransitions = new Counter({
  name: 'ivr_crm_breaker_transitions_total',
  help: 'Circuit breaker state changes of the CRM connector',
  labelNames: ['connector', 'state'],
});

/** Every CRM request by operation and outcome (ok, not-found, timeout, error, skipped). */
export const crmRequests = new Counter({
  name: 'ivr_crm_requests_total',
  help: 'Requests to the customer CRM by operation and outcome',
  labelNames: ['connector', 'operation', 'outcome'],
});

export const crmRequestSeconds = new Histogram({
  name: 'ivr_crm_request_duration_seconds',
  help: 'Time the customer CRM took to answer (or until the budget ran out)',
  labelNames: ['connector', 'operation'],
  buckets: [0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1, 2, 5],
});

/** Lookups answered from the profile cache while the CRM did not answer. */
export const crmCacheServed = new Counter({
  name: 'ivr_crm_cache_served_total',
  help: 'Callers greeted from the profile cache because the CRM did not answer',
  labelNames: ['connector', 'reason'],
});

export const crmCacheSize = new Gauge({
  name: 'ivr_crm_cache_profiles',
  help: 'Profiles held in the CRM profile cache',
  labelNames: ['connector'],
});
