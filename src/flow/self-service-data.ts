/** An amount in minor units (tiyn, kopecks) and its ISO 4217 currency. */
export interface Money {
  minor: number;
  currency: string;
}

/** A trust credit ("promised payment") given on a contract. */
export interface TrustCredit {
  amount: Money;
  activatedAt: string;
  /** When it had to be repaid. */
  dueAt: string;
  /** When it was repaid, or null while it is not. */
  repaidAt: string | null;
}

/** A service contract as self-service needs it. */
export interface ContractInfo {
  /** Contract number: digits only. */
  number: string;
  customerId: string | null;
  balance: Money;
  /** Numbers registered on the contract (personal account → settings), E.164. */
  registeredPhones: string[];
  /** Trust credits of the contract, newest first. */
  trustCredits: TrustCredit[];
}

/** A service outage in an area, announced to callers whose contract address is there. */
export interface Outage {
  id: string;
  area: string;
  startsAt: string;
  /** Expected end of the outage. */
  endsAt: string;
  /** Extra text for callers, spoken after the standard notice, or null. */
  message: string | null;
}
