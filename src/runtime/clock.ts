/** The time source. Tests inject a fixed or stepping clock; production uses the system's. */
export interface Clock {
  /** Now, as an ISO-8601 UTC instant. */
  now(): string;
}

export const systemClock: Clock = { now: () => new Date().toISOString() };

/** A clock that returns `instant` until moved: for tests and replays. */
export function fixedClock(instant: string): Clock & { set(instant: string): void } {
  let current = new Date(instant).toISOString();
  return {
    now: () => current,
    set: (next: string) => {
      current = new Date(next).toISOString();
    },
  };
}
