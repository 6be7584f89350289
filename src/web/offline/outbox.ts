import { createStore, del, entries, set } from 'idb-keyval';
import { api, ApiError } from '../api/client.js';

/** A write made while Rapport could not be reached, kept on this device until it is sent. */
export interface QueuedWrite {
  id: string;
  method: 'POST';
  /** Under /api. */
  path: string;
  body: unknown;
  /** What it is, as the user said it ("Ada Byron, offered by Stan Fields"). */
  label: string;
  /** The record it belongs to (a conversation's id), for the page that shows it. */
  about: string;
  queuedAt: string;
}

export interface FlushReport {
  sent: QueuedWrite[];
  /** Refused by the server (a 4xx: the record is gone, the input no longer fits): dropped, with why. */
  refused: { write: QueuedWrite; message: string }[];
}

// IndexedDB, not localStorage: it survives as long as the site's data, and a service worker
// could read it too.
const store = createStore('rapport-outbox', 'writes');
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((listener) => listener());

/** A network failure (offline, server down) rather than an answer: `fetch` rejects with a TypeError. */
export const unreachable = (error: unknown): boolean => error instanceof TypeError;

/** Everything waiting to be sent, oldest first. */
export async function queuedWrites(): Promise<QueuedWrite[]> {
  const all = await entries<string, QueuedWrite>(store);
  return all.map(([, write]) => write).sort((a, b) => a.id.localeCompare(b.id));
}

/** Called whenever the outbox changes (queued, sent, refused). */
export function onOutboxChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

let sequence = 0;
const newId = () => `${Date.now().toString(36).padStart(10, '0')}-${String((sequence += 1)).padStart(6, '0')}-${Math.random().toString(36).slice(2, 8)}`;

/**
 * Sends a write now, or keeps it in the outbox when Rapport cannot be reached (answers are
 * returned as usual; an error answer is thrown as usual).
 */
export async function sendOrQueue<T>(write: Omit<QueuedWrite, 'id' | 'queuedAt' | 'method'>): Promise<{ queued: false; result: T } | { queued: true; write: QueuedWrite }> {
  try {
    return { queued: false, result: await api<T>('POST', write.path, write.body) };
  } catch (error) {
    if (!unreachable(error)) throw error;
    const queued: QueuedWrite = { ...write, method: 'POST', id: newId(), queuedAt: new Date().toISOString() };
    await set(queued.id, queued, store);
    notify();
    return { queued: true, write: queued };
  }
}

let running: Promise<FlushReport> | null = null;

/**
 * Sends what waits, oldest first, one at a time; stops at the first one that still cannot
 * reach Rapport (the rest keep their order). One flush at a time.
 */
export function flushOutbox(): Promise<FlushReport> {
  running ??= (async () => {
    const report: FlushReport = { sent: [], refused: [] };
    try {
      for (const write of await queuedWrites()) {
        try {
          await api('POST', write.path, write.body);
          report.sent.push(write);
        } catch (error) {
          if (unreachable(error)) break;
          // A 5xx may pass (the database was busy): try again later. A 4xx will not.
          if (error instanceof ApiError && error.status >= 500) break;
          report.refused.push({ write, message: error instanceof Error ? error.message : String(error) });
        }
        await del(write.id, store);
        notify();
      }
    } finally {
      running = null;
    }
    return report;
  })();
  return running;
}

let started = false;

/**
 * Sends the outbox when the app starts, when the browser says it is online again, and every
 * 20 seconds while something waits (the network may be up while the server was not).
 */
export function startOutbox(onFlushed: (report: FlushReport) => void): void {
  if (started) return;
  started = true;
  const attempt = async () => {
    if ((await queuedWrites()).length === 0) return;
    const report = await flushOutbox();
    if (report.sent.length > 0 || report.refused.length > 0) onFlushed(report);
  };
  window.addEventListener('online', () => void attempt());
  window.setInterval(() => void attempt(), 20_000);
  void attempt();
}
