/**
 * The times of a call record, made consistent: started ≤ answered ≤ ended. Our clock stamps
 * the start in milliseconds while providers stamp answers and ends in whole seconds (Twilio)
 * or on their own clock, so a call answered "before" it started, or ended before it was
 * answered, is a matter of precision: each time is moved up to the one before it.
 */
export interface CallTimes {
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
}

export function consistentTimes(t: CallTimes): CallTimes {
  const start = Date.parse(t.startedAt);
  if (Number.isNaN(start)) return t;
  const atLeast = (iso: string | null, floor: number): [string | null, number] => {
    if (iso === null) return [null, floor];
    const ms = Date.parse(iso);
    if (Number.isNaN(ms)) return [null, floor];
    return ms < floor ? [new Date(floor).toISOString(), floor] : [new Date(ms).toISOString(), ms];
  };
  const [answeredAt, answered] = atLeast(t.answeredAt, start);
  const [endedAt] = atLeast(t.endedAt, answered);
  return { startedAt: t.startedAt, answeredAt, endedAt };
}
