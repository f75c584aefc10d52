// Is the Lotline server reachable from this terminal? navigator.onLine only
// knows whether the machine has a network at all (a pulled switch cable
// upstream leaves it true), so the answer also comes from what the last
// contact did: a command sent, a probe of /healthz, or the service worker's
// word that it answered a read from its copy because the network failed.

export interface ConnectionState {
  /** The server answered the last contact, and the machine has a network. */
  online: boolean;
  /** When the service worker last answered from its copy: the time that copy was stored. */
  copyStoredAt: string | undefined;
}

type Listener = () => void;

const PROBE_EVERY_MS = 5_000;

class Connection {
  private state: ConnectionState = { online: true, copyStoredAt: undefined };
  private lastContactOk = true;
  private readonly listeners = new Set<Listener>();
  private probeTimer: ReturnType<typeof setTimeout> | undefined;
  private users = 0;

  readonly snapshot = (): ConnectionState => this.state;

  readonly subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** A contact with the server ended: with an answer (any status), or with none. */
  report(answered: boolean, copyStoredAt?: string): void {
    this.lastContactOk = answered;
    this.update(answered ? undefined : (copyStoredAt ?? this.state.copyStoredAt));
  }

  /** Starts listening to the browser; the returned function stops (counted, for several users). */
  watch(): () => void {
    this.users += 1;
    if (this.users === 1) {
      window.addEventListener('online', this.onOnline);
      window.addEventListener('offline', this.onOffline);
      navigator.serviceWorker?.addEventListener('message', this.onWorkerMessage);
      this.update(this.state.copyStoredAt);
    }
    return () => {
      this.users -= 1;
      if (this.users > 0) return;
      window.removeEventListener('online', this.onOnline);
      window.removeEventListener('offline', this.onOffline);
      navigator.serviceWorker?.removeEventListener('message', this.onWorkerMessage);
      clearTimeout(this.probeTimer);
      this.probeTimer = undefined;
    };
  }

  /** Asks the server whether it is there; reports and returns the answer. */
  async probe(): Promise<boolean> {
    try {
      const response = await fetch('/healthz', {
        cache: 'no-store',
        signal: AbortSignal.timeout(5_000),
      });
      this.report(true);
      return response.ok;
    } catch {
      this.report(false);
      return false;
    }
  }

  private readonly onOnline = () => void this.probe();
  private readonly onOffline = () => this.update(this.state.copyStoredAt);

  private readonly onWorkerMessage = (event: MessageEvent) => {
    const data = event.data as { type?: string; answered?: boolean; storedAt?: string } | null;
    if (data?.type !== 'lotline-network') return;
    this.report(Boolean(data.answered), data.storedAt);
  };

  private update(copyStoredAt: string | undefined) {
    const online = navigator.onLine && this.lastContactOk;
    const next: ConnectionState = { online, copyStoredAt: online ? undefined : copyStoredAt };
    if (next.online !== this.state.online || next.copyStoredAt !== this.state.copyStoredAt) {
      this.state = next;
      for (const listener of this.listeners) listener();
    }
    // While offline, ask now and then: the 'online' event does not come when
    // the machine's own network never went down.
    if (!online && this.users > 0 && this.probeTimer === undefined) {
      this.probeTimer = setTimeout(() => {
        this.probeTimer = undefined;
        void this.probe();
      }, PROBE_EVERY_MS);
    }
  }
}

export const connection = new Connection();
