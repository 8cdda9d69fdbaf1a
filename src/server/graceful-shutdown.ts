import type { Server } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';
import type { Logger } from '../lib/logger.js';

/** Something to stop once no webhook is running any more, in order (scheduler, stores). */
export interface ShutdownStep {
  name: string;
  run: () => Promise<unknown>;
}

/**
 * Connections the kernel has already accepted wait in the listen backlog until the event loop
 * takes them; closing the listener resets them. So after the signal the loop is given turns
 * to take them (every few ms) before the listener closes: a busy instance may hold many there.
 */
const ACCEPT_TURN_MS = 5;
/**
 * The listener closes only once no connection has come for this long (or half the drain time
 * has passed). A balancer needs a moment to see the 503 of /ready and stop sending; a
 * connection that arrives in the same instant as the close is reset by the kernel, so closing
 * while traffic still flows would reset requests. Closing in a quiet moment leaves new
 * senders only a refusal (ECONNREFUSED), which every provider and balancer retries elsewhere.
 */
const QUIET_MS = 250;
/** How often idle keep-alive connections are closed while draining. */
const SWEEP_MS = 100;

interface Tracked {
  /** Requests on this connection not yet answered. */
  active: number;
  /** Requests answered on it. */
  served: number;
}

/**
 * Graceful shutdown of the HTTP server (docs/operations.md): on the first SIGTERM/SIGINT
 * - report not-ready at once (`draining()`: GET /ready answers 503, answers close their
 *   connection);
 * - stop accepting: the listener closes once connections stop coming (QUIET_MS), at most
 *   half the drain time after the signal;
 * - let every request already received finish, closing idle keep-alive connections, for at
 *   most `drainMs`; connections still open then are cut (and counted in the log);
 * - run the steps (stop the task scheduler, close the stores), log, and exit 0.
 *
 * The listener is closed with net.Server#close, not http.Server#close: the latter also
 * destroys connections that have not yet sent a full request, which resets requests a
 * client had already sent.
 */
export class GracefulShutdown {
  private readonly sockets = new Map<Socket, Tracked>();
  /** Connections accepted since start (to see when the backlog is empty). */
  private accepted = 0;
  private stopping: Promise<void> | null = null;

  constructor(
    private readonly server: Server,
    private readonly opts: {
      drainMs: number;
      logger: Logger;
      steps: ShutdownStep[];
      exit?: (code: number) => void;
    },
  ) {
    server.on('connection', (socket: Socket) => {
      this.accepted += 1;
      this.sockets.set(socket, { active: 0, served: 0 });
      socket.once('close', () => this.sockets.delete(socket));
    });
    server.on('request', (req, res) => {
      const tracked = this.sockets.get(req.socket);
      if (!tracked) return;
      tracked.active += 1;
      res.once('close', () => {
        tracked.active -= 1;
        tracked.served += 1;
        // Answered while draining: nothing more will be read on this connection.
        if (this.stopping && tracked.active === 0) this.closeIdle(req.socket, tracked);
      });
    });
  }

  /** True from the signal on. */
  readonly draining = (): boolean => this.stopping !== null;

  /** Handles SIGTERM and SIGINT (a second signal while stopping is logged and ignored). */
  listen(): void {
    const on = (signal: NodeJS.Signals) => {
      if (this.stopping) {
        this.opts.logger.warn({ signal }, 'shutdown already under way');
        return;
      }
      void this.shutdown(signal);
    };
    process.on('SIGTERM', on);
    process.on('SIGINT', on);
  }

  /** Drains, runs the steps and exits. Resolves when done (exit may end the process first). */
  shutdown(reason: string): Promise<void> {
    this.stopping ??= this.run(reason);
    return this.stopping;
  }

  private async run(reason: string): Promise<void> {
    const { logger, drainMs } = this.opts;
    const started = Date.now();
    logger.info(
      { reason, connections: this.sockets.size, inFlight: this.inFlight(), drainMs },
      'shutdown: not ready any more, finishing the requests under way',
    );
    const before = this.accepted;
    await this.takeBacklog(started + drainMs / 2);
    const closed = new Promise<void>((resolve) => {
      NetServer.prototype.close.call(this.server, () => resolve());
    });
    logger.info(
      { ms: Date.now() - started, takenFromBacklog: this.accepted - before },
      'shutdown: no longer accepting connections',
    );
    const sweep = setInterval(() => this.closeAllIdle(), SWEEP_MS);
    this.closeAllIdle();
    const drained = await Promise.race([closed.then(() => true), sleep(drainMs).then(() => false)]);
    clearInterval(sweep);
    const served = [...this.sockets.values()].reduce((n, t) => n + t.served, 0);
    if (drained) {
      logger.info({ ms: Date.now() - started }, 'shutdown: every request answered');
    } else {
      const cut = this.inFlight();
      logger.error(
        { ms: Date.now() - started, cut, connections: this.sockets.size, served },
        'shutdown: drain time over, cutting the requests still running',
      );
      for (const socket of this.sockets.keys()) socket.destroy();
    }
    let code = 0;
    for (const step of this.opts.steps) {
      try {
        await step.run();
        logger.info(`shutdown: ${step.name}`);
      } catch (err) {
        code = 1;
        logger.error({ err: (err as Error).message }, `shutdown: ${step.name} failed`);
      }
    }
    logger.info({ ms: Date.now() - started, code }, 'shutdown complete');
    (this.opts.exit ?? ((c: number) => process.exit(c)))(code);
  }

  /**
   * Lets the event loop accept what waits in the backlog: after a timer, an immediate runs
   * only once a poll phase (where connections are accepted) has passed.
   */
  private async takeBacklog(deadline: number): Promise<void> {
    let lastAcceptAt = Date.now();
    for (;;) {
      const before = this.accepted;
      await sleep(ACCEPT_TURN_MS);
      await new Promise<void>((resolve) => setImmediate(resolve));
      const now = Date.now();
      if (this.accepted !== before) lastAcceptAt = now;
      if (now - lastAcceptAt >= QUIET_MS || now >= deadline) return;
    }
  }

  private inFlight(): number {
    let n = 0;
    for (const t of this.sockets.values()) n += t.active;
    return n;
  }

  private closeAllIdle(): void {
    for (const [socket, tracked] of this.sockets) this.closeIdle(socket, tracked);
  }

  /**
   * A keep-alive connection that has been answered and is waiting for nothing. A connection
   * that has not yet sent its first request is left alone: its request is on the way.
   */
  private closeIdle(socket: Socket, tracked: Tracked): void {
    if (tracked.active === 0 && tracked.served > 0) socket.end();
  }
}

const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms);
  });
