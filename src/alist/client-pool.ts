/**
 * Connections to the server, one request on each at a time, at most `connections` of them: what
 * undici's Pool does, without its cost per request. Pool looks for a free connection by walking
 * all of them, on every request and again when one finishes, and emits an event with a fresh array
 * each time; at 256 in flight that walk is most of a create's own CPU. Here a free connection is
 * popped from a stack and a finished one pushed back (or handed the next waiting request).
 */
import type { Dispatcher } from 'undici';
// The Client by path, not undici's index: the index loads fetch, WebSocket, the cache and the mocks
// too, ~0.1 s of start-up for code a run without a proxy never needs. Through a proxy the index is
// loaded after all (its proxy agents rely on the request API the index adds to every dispatcher).
import Client from 'undici/lib/dispatcher/client.js';

/** What HttpTransport needs of a dispatcher: ours, or undici's proxy agent. */
export interface RequestDispatcher {
  dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean;
  close(): Promise<void>;
}

interface Waiting {
  options: Dispatcher.DispatchOptions;
  handler: Dispatcher.DispatchHandler;
}

export class ClientPool implements RequestDispatcher {
  private readonly idle: Client[] = [];
  private readonly all = new Set<Client>();
  private readonly waiting: Waiting[] = [];
  private nextWaiting = 0;

  constructor(
    private readonly origin: string,
    private readonly clientOptions: Client.Options,
    private readonly connections: number,
  ) {}

  dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const client = this.idle.pop() ?? this.newClient();
    if (client === undefined) {
      this.waiting.push({ options, handler });
      return false;
    }
    this.send(client, options, handler);
    return true;
  }

  async close(): Promise<void> {
    await Promise.all([...this.all].map((client) => client.close()));
  }

  private newClient(): Client | undefined {
    if (this.all.size >= this.connections) return undefined;
    const client = new Client(this.origin, this.clientOptions);
    this.all.add(client);
    return client;
  }

  private send(client: Client, options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): void {
    client.dispatch(
      options,
      releasing(handler, () => this.release(client)),
    );
  }

  /** A connection whose request has ended (or failed) takes the next waiting request, or waits itself. */
  private release(client: Client): void {
    let free: Client | undefined = client;
    if (client.destroyed || client.closed) {
      this.all.delete(client);
      free = this.newClient();
    }
    const next = this.nextWaiting < this.waiting.length ? this.waiting[this.nextWaiting] : undefined;
    if (next === undefined || free === undefined) {
      if (free !== undefined) this.idle.push(free);
      return;
    }
    this.nextWaiting += 1;
    // Drop what was taken once the queue is empty, so it does not grow over a run.
    if (this.nextWaiting === this.waiting.length) {
      this.waiting.length = 0;
      this.nextWaiting = 0;
    }
    this.send(free, next.options, next.handler);
  }
}

/** The handler, telling the pool when its request is over (its reply read to the end, or failed). */
function releasing(handler: Dispatcher.DispatchHandler, release: () => void): Dispatcher.DispatchHandler {
  let released = false;
  const done = (): void => {
    if (released) return;
    released = true;
    release();
  };
  return {
    onRequestStart: (controller, context) => handler.onRequestStart?.(controller, context),
    onResponseStart: (controller, statusCode, headers, statusMessage) => handler.onResponseStart?.(controller, statusCode, headers, statusMessage),
    onResponseData: (controller, chunk) => handler.onResponseData?.(controller, chunk),
    onResponseEnd: (controller, trailers) => {
      handler.onResponseEnd?.(controller, trailers);
      done();
    },
    onResponseError: (controller, error) => {
      handler.onResponseError?.(controller, error);
      done();
    },
  };
}
