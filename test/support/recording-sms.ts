import type { SmsPort, SmsReceipt } from '../../src/messaging/sms-port.js';

/** An SMS port that keeps what was sent, or fails on purpose. */
export class RecordingSms implements SmsPort {
  readonly sent: Array<{ to: string; text: string }> = [];

  constructor(private readonly failWith?: Error) {}

  send(to: string, text: string): Promise<SmsReceipt> {
    if (this.failWith) return Promise.reject(this.failWith);
    this.sent.push({ to, text });
    return Promise.resolve({ id: `test-${this.sent.length}`, channel: 'outbox' });
  }
}
