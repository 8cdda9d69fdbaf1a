import type { CallerLanguageStore } from '../caller-language/caller-language-store.js';
import type { CrmPort } from '../crm/crm-port.js';
import type { Language } from '../flow/language.js';
import { CrmTimeoutError } from '../errors/crm-timeout-error.js';
import type { Effect } from '../flow/effects.js';
import type { RankedEmployee } from '../flow/employee-data.js';
import type { CallEvent } from '../flow/events.js';
import { maskPhone } from '../lib/mask.js';
import type { Logger } from '../lib/logger.js';
import type { SmsPort } from '../messaging/sms-port.js';
import type { Clock } from './clock.js';
import { withTimeout } from './with-timeout.js';
import { crmLookupDuration } from '../observability/metrics.js';

export interface EffectDeps {
  crm: CrmPort;
  sms: SmsPort;
  clock: Clock;
  logger: Logger;
  crmTimeoutMs: number;
  /** Language choices by number (docs/caller-language.md); absent: nothing is remembered. */
  callerLanguages?: CallerLanguageStore;
}

/** How long a webhook waits for our own store's write of a language choice, ms. */
const STORE_WAIT_MS = 50;

/** Read a few more than the menu shows, so the flow can fall back to the next one. */
const RANKED_TO_READ = 4;

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Runs one named effect within the time budget and turns its outcome, including a timeout
 * or an error, into the event the flow expects. Never throws: every failure is logged and
 * becomes an event, so the flow decides the fallback.
 */
export async function runEffect(deps: EffectDeps, effect: Effect): Promise<CallEvent> {
  const started = Date.now();
  const at = () => deps.clock.now();
  const ms = () => Date.now() - started;
  const budget = <T>(work: Promise<T>, what: string) => withTimeout(work, deps.crmTimeoutMs, what);
  switch (effect.type) {
    case 'crm.lookupCaller':
      try {
        // One time budget for the whole lookup: customer and outages together, then the
        // customer's ranked employees (an indexed read of the precomputed ranking).
        const now = deps.clock.now();
        const [customer, outages, employees] = await budget(
          Promise.all([
            // The call's clock decides which items are still recent (the last 72 hours).
            deps.crm.findCustomerByPhone(effect.phone, at()),
            deps.crm.findOutagesForPhone(effect.phone, now),
          ]).then(async ([c, o]) => [c, o, c ? await rankedOrNone(deps, c.id, now) : []] as const),
          'CRM lookup',
        );
        // Only needed when the CRM holds no language: read after the CRM, from our own store.
        const rememberedLanguage = customer?.language
          ? null
          : await rememberedOrNone(deps, effect.phone, now);
        deps.logger.info(
          {
            caller: maskPhone(effect.phone),
            found: !!customer,
            outages: outages.length,
            employees: employees.length,
            ms: ms(),
          },
          'crm lookup',
        );
        crmLookupDuration.observe({ result: customer ? 'found' : 'not-found' }, ms() / 1000);
        return customer
          ? { type: 'crm.found', at: at(), customer, outages, employees, rememberedLanguage }
          : { type: 'crm.notFound', at: at(), outages, rememberedLanguage };
      } catch (err) {
        const timedOut = err instanceof CrmTimeoutError;
        crmLookupDuration.observe({ result: timedOut ? 'timeout' : 'failed' }, ms() / 1000);
        deps.logger.warn(
          { caller: maskPhone(effect.phone), err: message(err), ms: ms() },
          timedOut ? 'crm lookup timed out: classic menu' : 'crm lookup failed: classic menu',
        );
        return timedOut
          ? { type: 'crm.timeout', at: at() }
          : { type: 'crm.failed', at: at(), error: message(err) };
      }
    case 'crm.findExtension':
      try {
        const employee = await budget(
          deps.crm.findAvailableEmployeeByExtension(effect.extension, deps.clock.now()),
          'CRM extension',
        );
        return employee
          ? { type: 'crm.extensionFound', at: at(), employee }
          : { type: 'crm.extensionNotFound', at: at(), extension: effect.extension };
      } catch (err) {
        deps.logger.warn({ err: message(err), ms: ms() }, 'extension lookup failed: operator');
        return { type: 'crm.extensionFailed', at: at(), error: message(err) };
      }
    case 'crm.findContract':
      try {
        const contract = await budget(deps.crm.findContract(effect.number), 'CRM contract');
        return contract
          ? { type: 'crm.contractFound', at: at(), contract }
          : { type: 'crm.contractNotFound', at: at() };
      } catch (err) {
        deps.logger.warn({ err: message(err), ms: ms() }, 'crm contract lookup failed: operator');
        return { type: 'crm.contractFailed', at: at(), error: message(err) };
      }
    case 'crm.activateTrustCredit':
      try {
        const { type: _type, ...credit } = effect;
        await budget(deps.crm.activateTrustCredit(credit), 'CRM trust credit');
        return { type: 'crm.trustCreditActivated', at: at() };
      } catch (err) {
        deps.logger.error({ err: message(err), ms: ms() }, 'trust credit not written: operator');
        return { type: 'crm.trustCreditFailed', at: at(), error: message(err) };
      }
    case 'sms.send':
      try {
        const receipt = await budget(deps.sms.send(effect.to, effect.text), 'SMS');
        deps.logger.info(
          { to: maskPhone(effect.to), channel: receipt.channel, ms: ms() },
          'sms sent',
        );
        return { type: 'sms.sent', at: at() };
      } catch (err) {
        deps.logger.error({ to: maskPhone(effect.to), err: message(err) }, 'sms failed');
        return { type: 'sms.failed', at: at(), error: message(err) };
      }
    case 'crm.recordRequest':
      try {
        await budget(deps.crm.recordRequest(effect.request), 'CRM request');
        return { type: 'crm.requestRecorded', at: at() };
      } catch (err) {
        deps.logger.error({ err: message(err) }, 'crm request not recorded');
        return { type: 'crm.requestFailed', at: at(), error: message(err) };
      }
    case 'crm.confirmAppointment':
      try {
        await budget(
          deps.crm.confirmAppointment(effect.appointmentId, effect.callId),
          'CRM appointment',
        );
        return { type: 'crm.appointmentConfirmed', at: at() };
      } catch (err) {
        deps.logger.error({ err: message(err) }, 'appointment not confirmed');
        return { type: 'crm.appointmentFailed', at: at(), error: message(err) };
      }
    case 'crm.saveLanguage':
      try {
        await budget(deps.crm.saveLanguage(effect.customerId, effect.language), 'CRM language');
        return { type: 'crm.languageSaved', at: at() };
      } catch (err) {
        deps.logger.warn({ err: message(err) }, 'language not saved: asked again next call');
        return { type: 'crm.languageFailed', at: at(), error: message(err) };
      }
    case 'store.rememberLanguage': {
      if (!deps.callerLanguages) return { type: 'store.languageRemembered', at: at() };
      // Our own store, not the customer's CRM: a locked or slow database must not hold the
      // caller's next prompt for the CRM's whole budget. The write goes on in the background
      // (the store retries a locked file) and a later failure is logged.
      const write = deps.callerLanguages.remember(effect.phone, effect.language, deps.clock.now());
      const waited = await Promise.race([
        write.then(
          () => 'stored' as const,
          (err: unknown) => err,
        ),
        new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), STORE_WAIT_MS)),
      ]);
      if (waited === 'stored') return { type: 'store.languageRemembered', at: at() };
      if (waited === 'pending') {
        write.catch((err: unknown) => {
          deps.logger.error({ err: message(err) }, 'language choice not remembered: asked again');
        });
        deps.logger.warn('language store busy: the choice is stored in the background');
        return { type: 'store.languageRemembered', at: at() };
      }
      deps.logger.warn({ err: message(waited) }, 'language choice not remembered: asked again');
      return { type: 'store.languageFailed', at: at(), error: message(waited) };
    }
    case 'crm.recordCall':
      try {
        await budget(deps.crm.recordCall(effect.record), 'CRM call record');
        return { type: 'crm.recorded', at: at() };
      } catch (err) {
        deps.logger.error(
          { callId: effect.record.callId, err: message(err) },
          'crm call record failed',
        );
        return { type: 'crm.recordFailed', at: at(), error: message(err) };
      }
  }
}

/**
 * The ranking is a nice-to-have on top of the customer: if it fails, the caller still gets
 * the greeting by name and the usual menu.
 */
async function rankedOrNone(
  deps: EffectDeps,
  customerId: string,
  at: string,
): Promise<RankedEmployee[]> {
  try {
    return await deps.crm.findRankedEmployees(customerId, at, RANKED_TO_READ);
  } catch (err) {
    deps.logger.warn({ err: message(err) }, 'employee ranking unavailable: usual menu');
    return [];
  }
}

/** A failing language store costs the caller one question, never the call. */
async function rememberedOrNone(
  deps: EffectDeps,
  phone: string,
  now: string,
): Promise<Language | null> {
  if (!deps.callerLanguages) return null;
  try {
    return (await deps.callerLanguages.recall(phone, now))?.language ?? null;
  } catch (err) {
    deps.logger.warn({ err: message(err) }, 'remembered language unreadable: asked instead');
    return null;
  }
}
