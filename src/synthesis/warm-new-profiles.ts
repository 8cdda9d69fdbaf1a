import { LRUCache } from 'lru-cache';
import type { CrmPort } from '../crm/crm-port.js';
import type { FlowSettings } from '../flow/settings.js';
import type { Logger } from '../lib/logger.js';
import type { PersonName } from '../names/person-name.js';
import type { PromptVoicer } from './prompt-voicer.js';
import { warmPhrases } from './warm-phrases.js';

/** Profiles remembered as warmed: a bound on memory; one forgotten is only warmed again. */
const REMEMBERED = 100_000;

/**
 * A connector CRM (HTTP, Bitrix24, amoCRM) has no list of people to warm at start: its
 * data is only seen call by call. This puts the voicer behind the CRM port so that the
 * first time a customer's profile (or an employee offered in the personal menu) is seen,
 * their name forms are synthesised in the background for every synthesised language. The
 * lookup's answer is returned at once: the warm-up is never on the call's path, and a
 * failure only leaves those names to be synthesised (or said by the provider) later.
 */
export function warmNewProfiles(
  crm: CrmPort,
  deps: { voicer: PromptVoicer; settings: FlowSettings; logger: Logger },
): CrmPort {
  const seen = new LRUCache<string, true>({ max: REMEMBERED });
  const warm = (key: string, people: { customers: PersonName[]; employees: PersonName[] }) => {
    if (seen.has(key)) return;
    seen.set(key, true);
    const phrases = warmPhrases(deps.settings, deps.voicer.languages, people, true);
    deps.voicer.warm(phrases).then(
      // Tried again when next seen: an engine that failed may be back.
      (tally) => {
        if (tally.failed > 0) seen.delete(key);
      },
      (err: unknown) => {
        seen.delete(key);
        deps.logger.warn(
          { err: err instanceof Error ? err.message : String(err) },
          'name warm-up of a new CRM profile failed',
        );
      },
    );
  };
  return new Proxy(crm, {
    get(target, prop, receiver) {
      if (prop === 'findCustomerByPhone') {
        return async (e164: string, at?: string) => {
          const profile = await target.findCustomerByPhone(e164, at);
          if (profile) warm(`c:${profile.id}`, { customers: [profile], employees: [] });
          return profile;
        };
      }
      if (prop === 'findRankedEmployees') {
        return async (customerId: string, at: string, limit: number) => {
          const ranked = await target.findRankedEmployees(customerId, at, limit);
          for (const e of ranked) warm(`e:${e.id}`, { customers: [], employees: [e] });
          return ranked;
        };
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}
