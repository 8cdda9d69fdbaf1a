import type { Destination } from './destination.js';

/** An employee a caller can be put through to, as the flow needs them. */
export interface EmployeeContact {
  id: string;
  firstName: string;
  lastName: string | null;
  patronymic: string | null;
  /** Internal extension, digits only (two or more, so it cannot be a menu key). */
  extension: string;
  /** Where a call to them goes: a number or a SIP URI. */
  destination: Destination;
}

/** An employee ranked for a client, best first, with the score that put them there. */
export interface RankedEmployee extends EmployeeContact {
  score: number;
}
