// At most one request in flight per worker, and only the newest waiting one: typing fast never queues
// stale work, and a result is shown only if no newer request was made since. Pure, no timers.

export class LatestRequest<T> {
  private seq = 0;
  private inFlight: number | null = null;
  private waiting: T | null = null;

  private readonly send: (seq: number, request: T) => void;

  constructor(send: (seq: number, request: T) => void) {
    this.send = send;
  }

  /** Sends now if the worker is idle, else keeps this as the one request to send next. */
  request(request: T): void {
    if (this.inFlight === null) this.dispatch(request);
    else this.waiting = request;
  }

  /** Call when the answer to `seq` arrives; true when it is the newest request's answer (show it). */
  settle(seq: number): boolean {
    if (seq !== this.inFlight) return false;
    this.inFlight = null;
    const next = this.waiting;
    this.waiting = null;
    if (next !== null) {
      this.dispatch(next);
      return false; // a newer request is on its way; its answer replaces this one
    }
    return true;
  }

  /** Forget what was in flight (the worker was replaced): the next request goes out at once. */
  reset(): void {
    this.inFlight = null;
    this.waiting = null;
  }

  private dispatch(request: T) {
    this.inFlight = ++this.seq;
    this.send(this.inFlight, request);
  }
}
