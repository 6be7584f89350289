import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { FormatError } from './contact-import.types.js';

/*
 * Reads chosen entries of a ZIP archive (LinkedIn's data archive) with yauzl: the central
 * directory is read first and each wanted entry is inflated as a stream into a file of ours, so
 * memory never holds the archive nor an entry. Nothing is written where the archive says: the
 * caller names each file kept. Guards, each a refusal naming what is wrong:
 * - not a ZIP, or a damaged one (yauzl's checks of the directory and of every entry's sizes);
 * - a name that climbs out (`../`) or is absolute (yauzl refuses it), an encrypted entry, a
 *   compression method other than stored or deflated;
 * - more entries than an export has, an entry or a total beyond the limits, or an entry that
 *   inflates more than `maxRatio` times its compressed size (a zip bomb). yauzl checks that an
 *   entry inflates to exactly the size its header declares, so the declared sizes can be
 *   trusted and are checked before anything is inflated.
 */

export interface ArchiveLimits {
  maxEntries: number;
  /** The most one kept entry may inflate to. */
  maxEntryBytes: number;
  /** The most all kept entries together may inflate to. */
  maxTotalBytes: number;
  /** An entry above 1 MiB that inflates more than this many times its compressed size is a zip bomb. */
  maxRatio: number;
}

export const ARCHIVE_LIMITS: ArchiveLimits = {
  // LinkedIn's Complete archive has a few hundred files.
  maxEntries: 20_000,
  maxEntryBytes: 512 * 1024 * 1024,
  maxTotalBytes: 1024 * 1024 * 1024,
  // CSV text deflates 5 to 20 times; a bomb, thousands.
  maxRatio: 200,
};

export class ArchiveError extends FormatError {
  constructor(message: string) {
    super(message);
    this.name = 'ArchiveError';
  }
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP_MAGIC = [0x50, 0x4b, 0x05, 0x06];

/** True when the bytes start like a ZIP archive (a local file header, or an empty archive). */
export function looksLikeZip(head: Uint8Array): boolean {
  const starts = (magic: number[]) => magic.every((b, i) => head[i] === b);
  return starts(ZIP_MAGIC) || starts(EMPTY_ZIP_MAGIC);
}

export interface ExtractedEntry {
  /** The entry's name in the archive. */
  entryName: string;
  /** Where it was written. */
  path: string;
  bytes: number;
}

/**
 * Writes the entries `choose` names (by returning a file name of ours, or null to skip) into
 * `dir`, and returns them by that name. `choose` sees each entry's name; an entry chosen twice
 * under one name is refused (two Connections.csv in one archive). Throws ArchiveError.
 */
export async function extractEntries(
  archivePath: string,
  choose: (entryName: string) => { name: string; maxBytes?: number | undefined } | null,
  dir: string,
  limits: ArchiveLimits = ARCHIVE_LIMITS,
): Promise<Map<string, ExtractedEntry>> {
  const zip = await openZip(archivePath);
  const out = new Map<string, ExtractedEntry>();
  let total = 0;
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw new ArchiveError(`The archive has ${zip.entryCount.toLocaleString('en')} files, more than ${limits.maxEntries.toLocaleString('en')}: not an export; nothing was read`);
    }
    for await (const entry of entries(zip)) {
      if (entry.fileName.endsWith('/')) continue;
      const chosen = choose(entry.fileName);
      if (!chosen) continue;
      const target = chosen.name;
      if (out.has(target)) throw new ArchiveError(`The archive holds ${target} twice (${out.get(target)!.entryName} and ${entry.fileName}); nothing was read`);
      if (entry.isEncrypted()) throw new ArchiveError(`${entry.fileName} is encrypted in the archive; nothing was read`);
      if (!entry.canDecodeFileData()) throw new ArchiveError(`${entry.fileName} is compressed in a way this reader does not know (method ${entry.compressionMethod}); nothing was read`);
      const size = entry.uncompressedSize;
      const maxBytes = Math.min(chosen.maxBytes ?? Infinity, limits.maxEntryBytes);
      if (size > maxBytes) throw new ArchiveError(`${entry.fileName} would inflate to ${mib(size)}, more than the ${mib(maxBytes)} it may hold; nothing was read`);
      if (size > 1024 * 1024 && size > Math.max(1, entry.compressedSize) * limits.maxRatio) {
        throw new ArchiveError(`${entry.fileName} would inflate ${Math.round(size / Math.max(1, entry.compressedSize)).toLocaleString('en')} times its size in the archive (a zip bomb?); nothing was read`);
      }
      total += size;
      if (total > limits.maxTotalBytes) throw new ArchiveError(`The files read from the archive would inflate to more than ${mib(limits.maxTotalBytes)}; nothing was read`);
      const file = path.join(dir, target);
      out.set(target, { entryName: entry.fileName, path: file, bytes: await inflateTo(zip, entry, file, size) });
    }
    return out;
  } catch (error) {
    // A refused archive leaves nothing behind.
    await Promise.all([...out.values()].map((e) => fs.rm(e.path, { force: true })));
    throw error;
  } finally {
    zip.close();
  }
}

function openZip(archivePath: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(archivePath, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false }, (error, zip) => {
      if (error) reject(new ArchiveError(`Not a ZIP archive that can be read (${error.message}); nothing was read`));
      else resolve(zip);
    });
  });
}

/** The entries one by one (lazyEntries), a name that climbs out of the archive refused. */
async function* entries(zip: ZipFile): AsyncGenerator<Entry> {
  for (;;) {
    const next = await new Promise<Entry | null>((resolve, reject) => {
      const onEntry = (entry: Entry) => {
        cleanup();
        resolve(entry);
      };
      const onEnd = () => {
        cleanup();
        resolve(null);
      };
      const onError = (error: Error) => {
        cleanup();
        reject(new ArchiveError(`The archive cannot be read: ${error.message}; nothing was read`));
      };
      const cleanup = () => {
        zip.off('entry', onEntry);
        zip.off('end', onEnd);
        zip.off('error', onError);
      };
      zip.on('entry', onEntry);
      zip.on('end', onEnd);
      zip.on('error', onError);
      zip.readEntry();
    });
    if (!next) return;
    yield next;
  }
}

async function inflateTo(zip: ZipFile, entry: Entry, file: string, declared: number): Promise<number> {
  const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) => {
    zip.openReadStream(entry, (error, readable) => (error ? reject(new ArchiveError(`${entry.fileName} cannot be read: ${error.message}`)) : resolve(readable)));
  });
  let bytes = 0;
  // yauzl stops a stream that inflates past its declared size; this counts, and stops too.
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > declared) callback(new ArchiveError(`${entry.fileName} inflates past the size the archive declares (a zip bomb?); nothing was read`));
      else callback(null, chunk);
    },
  });
  try {
    await pipeline(stream, counter, createWriteStream(file, { mode: 0o600 }));
  } catch (error) {
    await fs.rm(file, { force: true });
    if (error instanceof ArchiveError) throw error;
    throw new ArchiveError(`${entry.fileName} cannot be read from the archive (${error instanceof Error ? error.message : String(error)}); nothing was read`);
  }
  return bytes;
}

function mib(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MiB`;
}
