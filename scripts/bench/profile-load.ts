/**
 * `tsx scripts/bench/profile-load.ts <origin> <seconds> <customers> [twilio|vonage|whole]`:
 * a short closed loop against a server already running (for a CPU profile of it, e.g.
 * started with node --cpu-prof dist/main.js and the bench's variables; docs/performance.md).
 */
import autocannon from 'autocannon';
import { customerPhone } from './crm-data.js';
import {
  newCallSid,
  newVonageUuid,
  twilioIncoming,
  twilioWholeCall,
  vonageAnswer,
  type BenchRequest,
} from './provider-requests.js';

const [origin = 'http://127.0.0.1:3000', seconds = '10', customers = '20000', kind = 'twilio'] =
  process.argv.slice(2);
const pick = () => customerPhone(Math.floor(Math.random() * Number(customers)));
const sequence = (): Array<() => BenchRequest> => {
  if (kind === 'vonage') {
    const uuid = newVonageUuid();
    const from = pick();
    return [() => vonageAnswer(uuid, from)];
  }
  if (kind === 'whole') {
    return twilioWholeCall(newCallSid(), pick(), {
      gather: '/twilio/gather',
      dial: '/twilio/dial',
    });
  }
  const sid = newCallSid();
  const from = pick();
  return [() => twilioIncoming(sid, from)];
};
const length = sequence().length;
const result = await autocannon({
  url: origin,
  connections: 50,
  duration: Number(seconds),
  requests: Array.from({ length }, (_, i) => ({
    setupRequest: (req: Record<string, unknown>, context: Record<string, unknown>) => {
      if (i === 0) context.steps = sequence();
      const r = (context.steps as Array<() => BenchRequest>)[i]!();
      return { ...req, method: r.method, path: r.path, headers: r.headers, body: r.body };
    },
  })) as unknown as autocannon.Request[],
});
process.stdout.write(
  `${result.requests.average} req/s p50 ${result.latency.p50} p99 ${result.latency.p99} non2xx ${result.non2xx} errors ${result.errors}\n`,
);
