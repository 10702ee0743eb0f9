/**
 * The main thread's side of a worker that answers one request at a time (the capture worker, the
 * simulation worker): ids, a newer request superseding (cancelling) an older one still running, cancel
 * by AbortSignal, and late messages of a cancelled request dropped. Subclasses read the responses.
 */

/** The part of `Worker` a client needs (a fake one in tests). */
export interface WorkerPort<Req, Res> {
  postMessage(msg: Req): void;
  onmessage: ((e: { data: Res }) => void) | null;
  terminate(): void;
}

type Cancel = { id: number; type: 'cancel'; payload: Record<string, never> };

export interface PendingRequest<R> {
  resolve(r: R): void;
  reject(e: unknown): void;
}

export function abortError(what: string): Error {
  return Object.assign(new Error(`${what} cancelled`), { name: 'AbortError' });
}

export function isAbortError(e: unknown): boolean {
  return (e as { name?: string } | null)?.name === 'AbortError';
}

export abstract class RequestClient<
  Req extends { id: number },
  Res extends { id: number },
  R,
  P extends PendingRequest<R>,
> {
  private worker: WorkerPort<Req | Cancel, Res> | null = null;
  private nextId = 1;
  protected readonly pending = new Map<number, P>();

  constructor(
    private readonly createWorker: () => WorkerPort<Req | Cancel, Res>,
    /** What a cancelled request was, for its AbortError ("Capture analysis"). */
    private readonly what: string,
  ) {}

  /** Sends the request `message(id)`; the promise rejects with an AbortError when cancelled or superseded. */
  protected request(
    message: (id: number) => Req,
    pending: (p: PendingRequest<R>) => P,
    signal?: AbortSignal,
  ): Promise<R> {
    for (const id of this.pending.keys()) this.cancel(id);
    const id = this.nextId++;
    if (signal?.aborted) return Promise.reject(abortError(this.what));
    return new Promise<R>((resolve, reject) => {
      this.pending.set(id, pending({ resolve, reject }));
      signal?.addEventListener('abort', () => this.cancel(id), { once: true });
      this.ensureWorker().postMessage(message(id));
    });
  }

  /** Cancels request `id` (or every pending one); its promise rejects with an AbortError. */
  cancel(id?: number): void {
    for (const [pid, p] of [...this.pending]) {
      if (id !== undefined && pid !== id) continue;
      this.pending.delete(pid);
      this.worker?.postMessage({ id: pid, type: 'cancel', payload: {} });
      p.reject(abortError(this.what));
    }
  }

  /** Stops the worker; pending requests reject. */
  dispose(): void {
    this.cancel();
    this.worker?.terminate();
    this.worker = null;
  }

  /** The request ended (done, cancelled by the worker, or failed): it is no longer pending. */
  protected settle(id: number): void {
    this.pending.delete(id);
  }

  /** A response about a pending request (late messages of cancelled ones never arrive here). */
  protected abstract receive(msg: Res, p: P): void;

  protected cancelledByWorker(id: number, p: P): void {
    this.settle(id);
    p.reject(abortError(this.what));
  }

  /** The worker's diagnostic for a request it could not answer, as the promise's rejection. */
  protected failed(id: number, p: P, diagnostic: { message: string }): void {
    this.settle(id);
    p.reject(Object.assign(new Error(diagnostic.message), { diagnostic }));
  }

  private ensureWorker(): WorkerPort<Req | Cancel, Res> {
    if (!this.worker) {
      this.worker = this.createWorker();
      this.worker.onmessage = (e) => {
        const p = this.pending.get(e.data.id);
        if (p) this.receive(e.data, p);
      };
    }
    return this.worker;
  }
}
