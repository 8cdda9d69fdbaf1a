import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { CountryCode } from 'libphonenumber-js';
import { CrmImportError } from '../errors/crm-import-error.js';
import { crmFileSchema, type CrmFile } from './crm-file-schema.js';
import { importCrmFile, readCrmFile, type CrmImportResult } from './import-crm-file.js';
import type { RankingSettings } from './ranking/ranking-settings.js';
import type { AppDatabase } from '../store/database-schema.js';

/** What seeding imported, and from where (`demo data` or the seed file's path). */
export interface SeedResult extends CrmImportResult {
  source: string;
}

/**
 * The bundled demo customers write local numbers the Kazakh way (`8 707 …`), so they are
 * read in KZ whatever DEFAULT_REGION says; otherwise another region would reject them.
 */
const DEMO_REGION: CountryCode = 'KZ';

const DAY_MS = 86_400_000;

/**
 * The day the demo's events, absences, items and account days are written as of. Events
 * decay (an invoice counts for 30 days), so a demo seeded later would rank nobody: seeding
 * moves every demo date by the whole days between this day and the seeding, keeping the
 * gaps between them (events by whole 24 h periods, so that none lands in the future).
 */
export const DEMO_AS_OF = '2026-11-20T12:00:00+05:00';

/**
 * The demo customers' items and account days speak of "today", "tomorrow", "in 2 days" in
 * Kazakhstan (+05:00, the offset of DEMO_AS_OF), so they move by calendar days there, not
 * by whole 24 h periods as events do: a delivery due this afternoon stays this afternoon
 * whatever the hour of the seeding.
 */
const DEMO_OFFSET_MS = 5 * 3_600_000;
const demoDay = (ms: number) => Math.floor((ms + DEMO_OFFSET_MS) / DAY_MS);

/** The demo file with its event instants, absence days, items and account days moved to `now`. */
function moveDemoDates(file: CrmFile, now: Date): CrmFile {
  const days = Math.floor((now.getTime() - Date.parse(DEMO_AS_OF)) / DAY_MS);
  const shift = (ms: number) => new Date(ms + days * DAY_MS).toISOString();
  const shiftDay = (day: string) => shift(Date.parse(`${day}T00:00:00Z`)).slice(0, 10);
  const itemDays = demoDay(now.getTime()) - demoDay(Date.parse(DEMO_AS_OF));
  const moveItem = (iso: string) => new Date(Date.parse(iso) + itemDays * DAY_MS).toISOString();
  const moveItemDay = (day: string) => moveItem(`${day}T00:00:00Z`).slice(0, 10);
  // What has already happened (an order placed, a card charged) is never after the seeding,
  // even when the seeding is earlier in the day than the demo's time of it.
  const nowIso = now.toISOString();
  const movePast = (iso: string) => {
    const moved = moveItem(iso);
    return moved < nowIso ? moved : nowIso;
  };
  const moveOptional = (iso: string | null | undefined) => (iso ? moveItem(iso) : iso);
  return {
    ...file,
    customers: file.customers.map((c) => ({
      ...c,
      ...(c.orders && {
        orders: c.orders.map((o) => ({
          ...o,
          createdAt: movePast(o.createdAt),
          deliveryFrom: moveOptional(o.deliveryFrom),
          deliveryTo: moveOptional(o.deliveryTo),
        })),
      }),
      ...(c.claims && {
        claims: c.claims.map((claim) => ({ ...claim, openedAt: movePast(claim.openedAt) })),
      }),
      ...(c.cardTransactions && {
        cardTransactions: c.cardTransactions.map((t) => ({ ...t, at: movePast(t.at) })),
      }),
      ...(c.appointments && {
        appointments: c.appointments.map((a) => ({ ...a, at: moveItem(a.at) })),
      }),
      ...(c.tickets && {
        tickets: c.tickets.map((t) => ({ ...t, openedAt: movePast(t.openedAt) })),
      }),
      ...(c.account && {
        account: {
          ...c.account,
          ...(c.account.paymentDue && {
            paymentDue: { ...c.account.paymentDue, on: moveItemDay(c.account.paymentDue.on) },
          }),
          ...(c.account.policyExpires && {
            policyExpires: {
              ...c.account.policyExpires,
              on: moveItemDay(c.account.policyExpires.on),
            },
          }),
        },
      }),
    })),
    ...(file.employees && {
      employees: file.employees.map((e) => ({
        ...e,
        ...(e.absences && {
          absences: e.absences.map((a) => ({
            ...a,
            startsOn: shiftDay(a.startsOn),
            endsOn: shiftDay(a.endsOn),
          })),
        }),
      })),
    }),
    ...(file.events && {
      events: file.events.map((e) => ({ ...e, at: shift(Date.parse(e.at)) })),
    }),
  };
}

function readDemoData(): unknown {
  try {
    return JSON.parse(
      readFileSync(new URL('./demo-data.json', import.meta.url), 'utf8'),
    ) as unknown;
  } catch (err) {
    throw new CrmImportError(`Cannot read the bundled demo data: ${(err as Error).message}`);
  }
}

/**
 * Fills the CRM at start. With CRM_SEED_FILE (`seedFile`) that file is imported at every
 * start (imports are idempotent, so edits to the file show up after a restart). Without
 * it, an empty CRM gets the bundled demo customers (and their items, employees and events,
 * dated relative to `now`: see DEMO_AS_OF) so a fresh `npm start` has someone to greet; a CRM
 * that already has customers is left alone, and so is any CRM with `demoData` false
 * (CRM_DEMO_DATA=off, the default in production). Returns null when nothing ran.
 */
export async function seedCrm(
  db: Kysely<AppDatabase>,
  opts: {
    seedFile: string | null;
    defaultRegion: CountryCode;
    ranking?: RankingSettings;
    /** Seed the demo customers into an empty CRM (CRM_DEMO_DATA); default yes. */
    demoData?: boolean;
    /** The seeding instant (tests); default the system clock. */
    now?: Date;
  },
): Promise<SeedResult | null> {
  const now = opts.now ?? new Date();
  const ranking = opts.ranking ? { ranking: opts.ranking } : {};
  if (opts.seedFile) {
    const result = await importCrmFile(db, readCrmFile(opts.seedFile), {
      defaultRegion: opts.defaultRegion,
      now,
      ...ranking,
    });
    return { source: opts.seedFile, ...result };
  }
  if (opts.demoData === false) return null;
  const existing = await db.selectFrom('customers').select('id').limit(1).executeTakeFirst();
  if (existing) return null;
  const raw = readDemoData();
  // A demo file that does not parse is imported as is, for the import's own error report.
  const demo = crmFileSchema.safeParse(raw);
  const data = demo.success ? moveDemoDates(demo.data, now) : raw;
  const result = await importCrmFile(db, data, { defaultRegion: DEMO_REGION, now, ...ranking });
  return { source: 'demo data', ...result };
}
