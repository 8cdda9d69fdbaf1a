import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { AppError } from '../errors/app-error.js';
import { ANALYTICS_COUNTERS } from '../analytics/analytics-counters.js';
import { IVR_TIME_BUCKET_COUNT, ivrBucketColumn } from '../analytics/ivr-time-buckets.js';

/**
 * Schema changes, applied in name order. Written with Kysely's schema builder only (no raw
 * SQL, portable column types) so the same migrations run on SQLite now and on PostgreSQL
 * through PostgresDialect. Each feature adds new entries; never edit one that has shipped,
 * because databases that already ran it will not run it again (and Kysely refuses a new
 * entry named before one already applied: always number after the last).
 */
const migrations: Record<string, Migration> = {
  '001_customers': {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('customers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('first_name', 'text', (c) => c.notNull())
        .addColumn('last_name', 'text')
        .addColumn('patronymic', 'text')
        .addColumn('language', 'text')
        .addColumn('time_zone', 'text')
        .addColumn('segment', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('customer_phones')
        .addColumn('e164', 'text', (c) => c.primaryKey())
        .addColumn('customer_id', 'text', (c) =>
          c.notNull().references('customers.id').onDelete('cascade'),
        )
        .execute();
      // Loading "all numbers of this customer" and the cascade both search by customer_id.
      await db.schema
        .createIndex('customer_phones_customer_id_idx')
        .on('customer_phones')
        .column('customer_id')
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('customer_phones').execute();
      await db.schema.dropTable('customers').execute();
    },
  },
  '002_calls': {
    async up(db: Kysely<unknown>): Promise<void> {
      // No foreign key to customers: the call history outlives a customer deleted or
      // re-imported under another id.
      await db.schema
        .createTable('calls')
        .addColumn('call_id', 'text', (c) => c.primaryKey())
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('caller', 'text')
        .addColumn('called', 'text', (c) => c.notNull())
        .addColumn('customer_id', 'text')
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('ended_at', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('duration_sec', 'integer')
        .addColumn('transferred_to', 'text')
        .addColumn('path_json', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('calls_customer_id_idx')
        .on('calls')
        .column('customer_id')
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('calls').execute();
    },
  },
  '003_self_service': {
    async up(db: Kysely<unknown>): Promise<void> {
      // Service contracts: the self-service menu works on these, by contract number.
      await db.schema
        .createTable('contracts')
        .addColumn('number', 'text', (c) => c.primaryKey())
        .addColumn('customer_id', 'text')
        .addColumn('balance_minor', 'integer', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('area', 'text')
        .addColumn('address', 'text')
        .execute();
      // Numbers registered on a contract in the personal account; a number may be on several.
      await db.schema
        .createTable('contract_phones')
        .addColumn('contract_number', 'text', (c) =>
          c.notNull().references('contracts.number').onDelete('cascade'),
        )
        .addColumn('e164', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('contract_phones_pk', ['contract_number', 'e164'])
        .execute();
      await db.schema
        .createIndex('contract_phones_e164_idx')
        .on('contract_phones')
        .column('e164')
        .execute();
      await db.schema
        .createTable('trust_credits')
        .addColumn('contract_number', 'text', (c) =>
          c.notNull().references('contracts.number').onDelete('cascade'),
        )
        .addColumn('activated_at', 'text', (c) => c.notNull())
        .addColumn('amount_minor', 'integer', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('due_at', 'text', (c) => c.notNull())
        .addColumn('repaid_at', 'text')
        .addColumn('call_id', 'text')
        .addPrimaryKeyConstraint('trust_credits_pk', ['contract_number', 'activated_at'])
        .execute();
      await db.schema
        .createTable('outages')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('area', 'text', (c) => c.notNull())
        .addColumn('starts_at', 'text', (c) => c.notNull())
        .addColumn('ends_at', 'text', (c) => c.notNull())
        .addColumn('message', 'text')
        .execute();
      await db.schema.createIndex('outages_area_idx').on('outages').column('area').execute();
      await db.schema.alterTable('calls').addColumn('self_served', 'integer').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('calls').dropColumn('self_served').execute();
      for (const table of ['outages', 'trust_credits', 'contract_phones', 'contracts']) {
        await db.schema.dropTable(table).execute();
      }
    },
  },
  '004_sms_outbox': {
    async up(db: Kysely<unknown>): Promise<void> {
      // No foreign key to customers: a message may go to a number no customer owns, and
      // what was sent stays on record after the customer is gone.
      await db.schema
        .createTable('sms_outbox')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('to_e164', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .execute();
      // Operators and tests read the newest messages first.
      await db.schema
        .createIndex('sms_outbox_created_at_idx')
        .on('sms_outbox')
        .column('created_at')
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('sms_outbox').execute();
    },
  },
  '005_employee_ranking': {
    async up(db: Kysely<unknown>): Promise<void> {
      // Employees callers can be put through to. working_hours is JSON text
      // ({"mon":["09:00","18:00"],…}, a missing day is a day off): portable, read whole.
      await db.schema
        .createTable('employees')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('first_name', 'text', (c) => c.notNull())
        .addColumn('last_name', 'text')
        .addColumn('patronymic', 'text')
        .addColumn('extension', 'text', (c) => c.notNull().unique())
        .addColumn('destination', 'text', (c) => c.notNull())
        .addColumn('time_zone', 'text', (c) => c.notNull())
        .addColumn('working_hours', 'text', (c) => c.notNull())
        .addColumn('dismissed', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('technical', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      // Days (YYYY-MM-DD, inclusive) in the employee's zone. The key serves the call-time
      // "absent on this day?" probe: employee first, then a range on starts_on.
      await db.schema
        .createTable('employee_absences')
        .addColumn('employee_id', 'text', (c) =>
          c.notNull().references('employees.id').onDelete('cascade'),
        )
        .addColumn('starts_on', 'text', (c) => c.notNull())
        .addColumn('ends_on', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('employee_absences_pk', ['employee_id', 'starts_on'])
        .execute();
      // The event log the ranking is built from; the rebuild reads it client by client.
      // No foreign keys: events may arrive before the customer or employee is imported.
      await db.schema
        .createTable('crm_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('employee_id', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('crm_events_client_id_idx')
        .on('crm_events')
        .column('client_id')
        .execute();
      // The precomputed ranking: one log aggregate per (client, employee, type). The key's
      // prefix client_id makes the call-time read one index range. double precision, not
      // real: PostgreSQL's real has 7 digits, too few for log sums in the thousands.
      await db.schema
        .createTable('client_employee_scores')
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('employee_id', 'text', (c) => c.notNull())
        .addColumn('event_type', 'text', (c) => c.notNull())
        .addColumn('log_sum', 'double precision', (c) => c.notNull())
        .addPrimaryKeyConstraint('client_employee_scores_pk', [
          'client_id',
          'employee_id',
          'event_type',
        ])
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of [
        'client_employee_scores',
        'crm_events',
        'employee_absences',
        'employees',
      ]) {
        await db.schema.dropTable(table).execute();
      }
    },
  },
  '006_calls_answered_by': {
    async up(db: Kysely<unknown>): Promise<void> {
      // Who took the transferred call: `employee:<id>`, a menu option id or `operator`.
      await db.schema.alterTable('calls').addColumn('answered_by', 'text').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('calls').dropColumn('answered_by').execute();
    },
  },
  '007_call_log': {
    async up(db: Kysely<unknown>): Promise<void> {
      // The call record is now written while the call runs (before each webhook is
      // answered), so end time and status become nullable: SQLite cannot relax NOT NULL in
      // place, hence a new table, a copy, and a rename.
      await db.schema
        .createTable('calls_v2')
        .addColumn('call_id', 'text', (c) => c.primaryKey())
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('direction', 'text', (c) => c.notNull().defaultTo('inbound'))
        .addColumn('caller', 'text')
        .addColumn('called', 'text', (c) => c.notNull())
        .addColumn('campaign', 'text')
        .addColumn('customer_id', 'text')
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('answered_at', 'text')
        .addColumn('ended_at', 'text')
        .addColumn('status', 'text')
        .addColumn('outcome', 'text')
        .addColumn('full_contact', 'integer')
        .addColumn('duration_sec', 'integer')
        .addColumn('talk_sec', 'integer')
        .addColumn('ivr_sec', 'integer')
        .addColumn('wait_sec', 'integer')
        .addColumn('ivr_outcome', 'text')
        .addColumn('ivr_abandoned_at', 'text')
        .addColumn('last_step', 'text')
        .addColumn('transferred_to', 'text')
        .addColumn('answered_by', 'text')
        .addColumn('recording_url', 'text')
        .addColumn('self_served', 'integer')
        .addColumn('path_json', 'text', (c) => c.notNull())
        .addColumn('task_id', 'text')
        .addColumn('attempt', 'integer')
        .addColumn('rules_applied_at', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      const kept = [
        'call_id',
        'provider',
        'caller',
        'called',
        'customer_id',
        'language',
        'started_at',
        'ended_at',
        'status',
        'duration_sec',
        'transferred_to',
        'path_json',
        'self_served',
        'answered_by',
      ] as const;
      const old = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
      await old
        .insertInto('calls_v2')
        .columns([...kept, 'updated_at'])
        .expression(old.selectFrom('calls').select([...kept, 'ended_at as updated_at']))
        .execute();
      await db.schema.dropTable('calls').execute();
      await db.schema.alterTable('calls_v2').renameTo('calls').execute();
      for (const column of ['customer_id', 'started_at', 'called', 'outcome']) {
        await db.schema.createIndex(`calls_${column}_idx`).on('calls').column(column).execute();
      }
      // One row per prompt the caller heard and what they did with it.
      await db.schema
        .createTable('call_steps')
        .addColumn('call_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('step', 'text', (c) => c.notNull())
        .addColumn('entered_at', 'text', (c) => c.notNull())
        .addColumn('prompt', 'text')
        .addColumn('input_kind', 'text')
        .addColumn('input', 'text')
        .addColumn('confidence', 'double precision')
        .addColumn('left_at', 'text')
        .addColumn('left_by', 'text')
        .addColumn('duration_ms', 'integer')
        .addPrimaryKeyConstraint('call_steps_pk', ['call_id', 'seq'])
        .execute();
      // Each attempt to put the caller through to people, in order.
      await db.schema
        .createTable('call_transfers')
        .addColumn('call_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('destination', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('ended_at', 'text')
        .addColumn('result', 'text')
        .addColumn('talk_sec', 'integer')
        .addColumn('amd', 'text')
        .addPrimaryKeyConstraint('call_transfers_pk', ['call_id', 'seq'])
        .execute();
      // Every status callback/event as received: the call's status is merged from the set,
      // so duplicates and any arrival order give the same record.
      await db.schema
        .createTable('call_status_reports')
        .addColumn('dedupe_key', 'text', (c) => c.primaryKey())
        .addColumn('call_id', 'text', (c) => c.notNull())
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('sequence', 'integer')
        .addColumn('timestamp', 'text', (c) => c.notNull())
        .addColumn('duration_sec', 'integer')
        .addColumn('direction', 'text')
        .addColumn('amd', 'text')
        .addColumn('recording_url', 'text')
        .addColumn('received_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('call_status_reports_call_id_idx')
        .on('call_status_reports')
        .column('call_id')
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ['call_status_reports', 'call_transfers', 'call_steps']) {
        await db.schema.dropTable(table).execute();
      }
      for (const column of ['customer_id', 'started_at', 'called', 'outcome']) {
        await db.schema.dropIndex(`calls_${column}_idx`).execute();
      }
      // Rows of calls still running (no end yet) cannot go back to the old NOT NULL shape.
      await db.schema.alterTable('calls').renameTo('calls_v2').execute();
      await db.schema
        .createTable('calls')
        .addColumn('call_id', 'text', (c) => c.primaryKey())
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('caller', 'text')
        .addColumn('called', 'text', (c) => c.notNull())
        .addColumn('customer_id', 'text')
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('ended_at', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('duration_sec', 'integer')
        .addColumn('transferred_to', 'text')
        .addColumn('path_json', 'text', (c) => c.notNull())
        .addColumn('self_served', 'integer')
        .addColumn('answered_by', 'text')
        .execute();
      const kept = [
        'call_id',
        'provider',
        'caller',
        'called',
        'customer_id',
        'language',
        'started_at',
        'ended_at',
        'status',
        'duration_sec',
        'transferred_to',
        'path_json',
        'self_served',
        'answered_by',
      ] as const;
      const old = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
      await old
        .insertInto('calls')
        .columns([...kept])
        .expression(
          old
            .selectFrom('calls_v2')
            .select([...kept])
            .where('ended_at', 'is not', null)
            .where('status', 'is not', null),
        )
        .execute();
      await db.schema.dropTable('calls_v2').execute();
      await db.schema
        .createIndex('calls_customer_id_idx')
        .on('calls')
        .column('customer_id')
        .execute();
    },
  },
  '008_tasks': {
    async up(db: Kysely<unknown>): Promise<void> {
      // Work the automation rules scheduled after a call: callbacks, texts, notifications.
      // The id is the draft's own (`callId:ruleId:index`), so evaluating a call's rules again
      // inserts nothing new. No foreign keys: a task outlives its call record or customer.
      await db.schema
        .createTable('tasks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('rule_id', 'text', (c) => c.notNull())
        .addColumn('call_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('due_at', 'text', (c) => c.notNull())
        .addColumn('priority', 'text', (c) => c.notNull())
        .addColumn('customer_phone', 'text')
        .addColumn('customer_id', 'text')
        .addColumn('attempt', 'integer', (c) => c.notNull())
        .addColumn('template', 'text')
        .addColumn('callback_due_at', 'text')
        .addColumn('wait_sec', 'integer')
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('runs', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_error', 'text')
        .addColumn('result_ref', 'text')
        .addColumn('done_at', 'text')
        .execute();
      // The scheduler's query: pending tasks whose due_at has come.
      await db.schema
        .createIndex('tasks_status_due_at_idx')
        .on('tasks')
        .columns(['status', 'due_at'])
        .execute();
      await db.schema
        .createIndex('tasks_customer_id_idx')
        .on('tasks')
        .column('customer_id')
        .execute();
      await db.schema.createIndex('tasks_call_id_idx').on('tasks').column('call_id').execute();
      // Callback calls the offline telephony port recorded instead of dialling them.
      await db.schema
        .createTable('call_outbox')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('task_id', 'text', (c) => c.notNull())
        .addColumn('agent', 'text', (c) => c.notNull())
        .addColumn('customer', 'text', (c) => c.notNull())
        .addColumn('from_number', 'text', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('call_outbox_created_at_idx')
        .on('call_outbox')
        .column('created_at')
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('call_outbox').execute();
      await db.schema.dropTable('tasks').execute();
    },
  },
  '009_customer_items': {
    async up(db: Kysely<unknown>): Promise<void> {
      // What is under way for a customer: the IVR guesses why they call from these. Each
      // belongs to one customer and goes with them (cascade); every table is read at call
      // time by customer_id, hence the index on it. Money is minor units plus currency.
      const owned = (table: string) =>
        db.schema
          .createTable(table)
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('customer_id', 'text', (c) =>
            c.notNull().references('customers.id').onDelete('cascade'),
          );
      const indexByCustomer = (table: string) =>
        db.schema.createIndex(`${table}_customer_id_idx`).on(table).column('customer_id').execute();

      await owned('customer_orders')
        .addColumn('number', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('delivery_from', 'text')
        .addColumn('delivery_to', 'text')
        .execute();
      await indexByCustomer('customer_orders');
      await owned('customer_claims')
        .addColumn('number', 'text', (c) => c.notNull())
        .addColumn('opened_at', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .execute();
      await indexByCustomer('customer_claims');
      await owned('card_transactions')
        .addColumn('amount_minor', 'integer', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('merchant', 'text', (c) => c.notNull())
        .addColumn('suspicious', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('card_last4', 'text', (c) => c.notNull())
        .execute();
      await indexByCustomer('card_transactions');
      await owned('customer_appointments')
        .addColumn('specialist', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .execute();
      await indexByCustomer('customer_appointments');
      await owned('support_tickets')
        .addColumn('number', 'text', (c) => c.notNull())
        .addColumn('opened_at', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .execute();
      await indexByCustomer('support_tickets');
      // One row per customer at most, so the key is the customer id itself. Dates are
      // days (YYYY-MM-DD): a payment or a policy falls due on a day, not at an instant.
      await db.schema
        .createTable('customer_accounts')
        .addColumn('customer_id', 'text', (c) =>
          c.primaryKey().references('customers.id').onDelete('cascade'),
        )
        .addColumn('personal_manager', 'text')
        .addColumn('overdue_minor', 'integer')
        .addColumn('overdue_currency', 'text')
        .addColumn('open_complaint', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('payment_due_on', 'text')
        .addColumn('payment_due_minor', 'integer')
        .addColumn('payment_due_currency', 'text')
        .addColumn('policy_expires_on', 'text')
        .addColumn('policy_number', 'text')
        .addColumn('bonus_points', 'integer')
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of [
        'customer_accounts',
        'support_tickets',
        'customer_appointments',
        'card_transactions',
        'customer_claims',
        'customer_orders',
      ]) {
        await db.schema.dropTable(table).execute();
      }
    },
  },
  '010_call_context': {
    async up(db: Kysely<unknown>): Promise<void> {
      // What the agent was told when the call was transferred (the last transfer's
      // context, JSON); nullable: calls before this and calls never transferred have none.
      await db.schema.alterTable('calls').addColumn('context_json', 'text').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('calls').dropColumn('context_json').execute();
    },
  },
  '011_customer_requests': {
    async up(db: Kysely<unknown>): Promise<void> {
      // Requests callers made in the IVR (block my card) for the CRM's people to act on,
      // and when the IVR wrote a customer's chosen language or confirmed an appointment.
      await db.schema
        .createTable('customer_requests')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('customer_id', 'text')
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('call_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('customer_requests_customer_id_idx')
        .on('customer_requests')
        .column('customer_id')
        .execute();
      await db.schema
        .alterTable('customer_appointments')
        .addColumn('confirmed_call_id', 'text')
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('customer_appointments').dropColumn('confirmed_call_id').execute();
      await db.schema.dropTable('customer_requests').execute();
    },
  },
  '012_crm_writes': {
    async up(db: Kysely<unknown>): Promise<void> {
      // What is to be written into the customer's CRM (HTTP, Bitrix24, amoCRM): the
      // payload of each `crm-write` task, keyed by the task's id. The task carries the
      // schedule and the retries; this row what to send.
      await db.schema
        .createTable('crm_writes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('call_id', 'text', (c) => c.notNull())
        .addColumn('payload_json', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('crm_writes').execute();
    },
  },
  '013_caller_languages': {
    async up(db: Kysely<unknown>): Promise<void> {
      // The language a caller chose, by number, so the next call greets in it without
      // asking (docs/caller-language.md); forgotten after expires_at or on request.
      await db.schema
        .createTable('caller_languages')
        .addColumn('phone', 'text', (c) => c.primaryKey())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('chosen_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('caller_languages_expires_at_idx')
        .on('caller_languages')
        .column('expires_at')
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('caller_languages').execute();
    },
  },
  '017_call_analytics_facts': {
    async up(db: Kysely<unknown>): Promise<void> {
      // What the analytics group and count by that the call row did not hold: the caller's
      // segment (`unknown` for a caller the CRM did not find), the employee the personal
      // menu offered first, and when the call was added to the daily rollups (once).
      await db.schema.alterTable('calls').addColumn('segment', 'text').execute();
      await db.schema.alterTable('calls').addColumn('first_ranked', 'text').execute();
      await db.schema.alterTable('calls').addColumn('rolled_up_at', 'text').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const column of ['rolled_up_at', 'first_ranked', 'segment']) {
        await db.schema.alterTable('calls').dropColumn(column).execute();
      }
    },
  },
  '018_analytics_rollups': {
    async up(db: Kysely<unknown>): Promise<void> {
      // One row per company-zone day and (provider, language, segment, pilot arm): counts
      // and a histogram of time in IVR, so a year of calls is a few tens of thousands of
      // rows to sum (docs/analytics.md). Counters are only ever incremented, in the same
      // transaction that marks the call rolled up.
      let daily = db.schema
        .createTable('analytics_daily')
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('segment', 'text', (c) => c.notNull())
        .addColumn('arm', 'text', (c) => c.notNull());
      for (const column of ANALYTICS_COUNTERS) {
        daily = daily.addColumn(column, 'integer', (c) => c.notNull().defaultTo(0));
      }
      for (let i = 0; i < IVR_TIME_BUCKET_COUNT; i++) {
        daily = daily.addColumn(ivrBucketColumn(i), 'integer', (c) => c.notNull().defaultTo(0));
      }
      await daily
        .addPrimaryKeyConstraint('analytics_daily_pk', [
          'day',
          'provider',
          'language',
          'segment',
          'arm',
        ])
        .execute();
      // Moves between IVR nodes (`start` → first prompt → … → an outcome): the path view.
      await db.schema
        .createTable('analytics_edges')
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('segment', 'text', (c) => c.notNull())
        .addColumn('arm', 'text', (c) => c.notNull())
        .addColumn('from_node', 'text', (c) => c.notNull())
        .addColumn('to_node', 'text', (c) => c.notNull())
        .addColumn('moves', 'integer', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('analytics_edges_pk', [
          'day',
          'provider',
          'language',
          'segment',
          'arm',
          'from_node',
          'to_node',
        ])
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('analytics_edges').execute();
      await db.schema.dropTable('analytics_daily').execute();
    },
  },
  '019_analytics_edges_monthly': {
    async up(db: Kysely<unknown>): Promise<void> {
      // The daily counters summed per calendar month too: totals and breakdowns over months
      // read a row per month and key.
      let monthly = db.schema
        .createTable('analytics_monthly')
        .addColumn('month', 'text', (c) => c.notNull())
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('segment', 'text', (c) => c.notNull())
        .addColumn('arm', 'text', (c) => c.notNull());
      for (const column of ANALYTICS_COUNTERS) {
        monthly = monthly.addColumn(column, 'integer', (c) => c.notNull().defaultTo(0));
      }
      for (let i = 0; i < IVR_TIME_BUCKET_COUNT; i++) {
        monthly = monthly.addColumn(ivrBucketColumn(i), 'integer', (c) => c.notNull().defaultTo(0));
      }
      await monthly
        .addPrimaryKeyConstraint('analytics_monthly_pk', [
          'month',
          'provider',
          'language',
          'segment',
          'arm',
        ])
        .execute();
      // The path view over months reads one row per month and key instead of one per day:
      // a year of moves is a few tens of thousands of rows instead of hundreds of thousands.
      await db.schema
        .createTable('analytics_edges_monthly')
        .addColumn('month', 'text', (c) => c.notNull())
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('segment', 'text', (c) => c.notNull())
        .addColumn('arm', 'text', (c) => c.notNull())
        .addColumn('from_node', 'text', (c) => c.notNull())
        .addColumn('to_node', 'text', (c) => c.notNull())
        .addColumn('moves', 'integer', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('analytics_edges_monthly_pk', [
          'month',
          'provider',
          'language',
          'segment',
          'arm',
          'from_node',
          'to_node',
        ])
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('analytics_edges_monthly').execute();
      await db.schema.dropTable('analytics_monthly').execute();
    },
  },
  '023_call_recordings': {
    async up(db: Kysely<unknown>): Promise<void> {
      // A transfer's recording (RECORDING=on; docs/crm-connectors.md): the provider's id of
      // it (Twilio RE…, Vonage file id), its length and channels, and when it was deleted
      // at the provider (RECORDING_RETENTION_DAYS). The URL goes in calls.recording_url.
      // One column per statement: SQLite adds one at a time.
      for (const [name, type] of [
        ['recording_id', 'text'],
        ['recording_duration_sec', 'integer'],
        ['recording_channels', 'integer'],
        ['recording_deleted_at', 'text'],
      ] as const) {
        await db.schema.alterTable('calls').addColumn(name, type).execute();
      }
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const name of [
        'recording_deleted_at',
        'recording_channels',
        'recording_duration_sec',
        'recording_id',
      ]) {
        await db.schema.alterTable('calls').dropColumn(name).execute();
      }
    },
  },
  '014_campaigns': {
    async up(db: Kysely<unknown>): Promise<void> {
      // Messages marketing attaches to the menu's control points (docs/campaigns.md). Lists
      // and per-language texts are JSON text: portable, and always read whole.
      await db.schema
        .createTable('campaigns')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('control_point', 'text', (c) => c.notNull())
        .addColumn('messages_json', 'text', (c) => c.notNull())
        .addColumn('action_json', 'text')
        .addColumn('starts_on', 'text', (c) => c.notNull())
        .addColumn('ends_on', 'text', (c) => c.notNull())
        .addColumn('segments_json', 'text', (c) => c.notNull())
        .addColumn('languages_json', 'text')
        .addColumn('customer_ids_json', 'text')
        .addColumn('priority', 'integer', (c) => c.notNull())
        .addColumn('max_plays_per_customer', 'integer')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      // Each call reads the campaigns running today: by status and dates.
      await db.schema
        .createIndex('campaigns_status_ends_on_idx')
        .on('campaigns')
        .columns(['status', 'ends_on'])
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('campaigns').execute();
    },
  },
  '015_campaign_plays': {
    async up(db: Kysely<unknown>): Promise<void> {
      // One row per campaign message a caller reached, and how they left it. No foreign key:
      // the report of a deleted campaign's plays is not possible anyway (only never-heard
      // campaigns can be deleted), and the call log outlives campaigns.
      await db.schema
        .createTable('campaign_plays')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('call_id', 'text', (c) => c.notNull())
        .addColumn('campaign_id', 'text', (c) => c.notNull())
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('control_point', 'text', (c) => c.notNull())
        .addColumn('customer_key', 'text', (c) => c.notNull())
        .addColumn('customer_id', 'text')
        .addColumn('segment', 'text', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('reached_at', 'text', (c) => c.notNull())
        .addColumn('ended_at', 'text')
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('input', 'text')
        .addColumn('responded', 'integer', (c) => c.notNull())
        .execute();
      // The report reads one campaign's plays by day; the limit counts one customer's.
      await db.schema
        .createIndex('campaign_plays_campaign_day_idx')
        .on('campaign_plays')
        .columns(['campaign_id', 'day'])
        .execute();
      await db.schema
        .createIndex('campaign_plays_customer_idx')
        .on('campaign_plays')
        .columns(['customer_key', 'campaign_id'])
        .execute();
      await db.schema
        .createIndex('campaign_plays_call_idx')
        .on('campaign_plays')
        .column('call_id')
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('campaign_plays').execute();
    },
  },
  '016_pilot': {
    async up(db: Kysely<unknown>): Promise<void> {
      // The pilot arm of a known caller (`personalised` or `control`), null for the others.
      await db.schema.alterTable('calls').addColumn('pilot_arm', 'text').execute();
      // Settings changed through the API without a restart (the pilot's share), as JSON.
      await db.schema
        .createTable('app_settings')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value_json', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('app_settings').execute();
      await db.schema.alterTable('calls').dropColumn('pilot_arm').execute();
    },
  },
};

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) };

/**
 * On PostgreSQL with a schema of our own (DATABASE_SCHEMA), Kysely's bookkeeping tables go
 * there too: without it Kysely looks for them in every schema of the database and would
 * take another schema's for ours.
 */
function migrator<DB>(db: Kysely<DB>, schema: string | null): Migrator {
  // Each migration only adds its own tables and columns, and numbers are handed out per
  // piece of work, so a database that already ran a later number must still take an earlier
  // one that arrived after it (Kysely refuses that by default).
  return new Migrator({
    db,
    provider,
    allowUnorderedMigrations: true,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
}

/** The names of all migrations this version knows, in order. */
export const MIGRATION_NAMES: readonly string[] = Object.keys(migrations).sort();

/**
 * Brings the database to the latest schema. Safe to run at every start: applied
 * migrations are skipped. Throws an AppError naming the migration that failed.
 */
export async function migrateToLatest<DB>(
  db: Kysely<DB>,
  schema: string | null = null,
): Promise<void> {
  const { error, results } = await migrator(db, schema).migrateToLatest();
  if (error === undefined) return;
  const failed = results?.find((r) => r.status === 'Error')?.migrationName;
  const reason = error instanceof Error ? error.message : JSON.stringify(error);
  throw new AppError(
    failed
      ? `CRM migration ${failed} failed: ${reason}`
      : `CRM migrations could not run: ${reason}`,
    {
      hint: 'Check that DATABASE_PATH (or DATABASE_URL) points to a database written by this or an older version.',
      context: { migration: failed ?? null },
    },
  );
}

/**
 * Brings the database to the named migration, up or down: for upgrade tests and for
 * operators going back one version. Throws like migrateToLatest.
 */
export async function migrateTo<DB>(
  db: Kysely<DB>,
  name: string,
  schema: string | null = null,
): Promise<void> {
  const { error } = await migrator(db, schema).migrateTo(name);
  if (error === undefined) return;
  const reason = error instanceof Error ? error.message : JSON.stringify(error);
  throw new AppError(`CRM migration to ${name} failed: ${reason}`);
}
