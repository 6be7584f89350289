import { useEffect, useState } from 'react';
import { onOutboxChange, queuedWrites, type QueuedWrite } from './outbox.js';

/** The writes about one record still waiting on this device, kept current. */
export function useOutbox(about: string): QueuedWrite[] {
  const [writes, setWrites] = useState<QueuedWrite[]>([]);
  useEffect(() => {
    let live = true;
    const read = () => void queuedWrites().then((all) => live && setWrites(all.filter((w) => w.about === about)));
    read();
    const stop = onOutboxChange(read);
    return () => {
      live = false;
      stop();
    };
  }, [about]);
  return writes;
}
