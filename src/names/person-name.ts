import type { CustomerProfile } from '../flow/customer.js';

/** The name fields of a CRM customer; the declension modules take and return this shape. */
export type PersonName = Pick<CustomerProfile, 'firstName' | 'patronymic' | 'lastName'>;
