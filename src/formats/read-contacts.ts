import { FormatError, type ReadResult } from './contact-import.types.js';
import { decodeText } from './decode.js';
import { detectFormat } from './detect.js';
import { readGoogleCsv } from './google-csv.reader.js';
import { readLinkedInCsv } from './linkedin-csv.reader.js';
import { readOutlookCsv } from './outlook-csv.reader.js';
import { readVCards } from './vcard.reader.js';

/**
 * The one entry point for an uploaded contact file: decodes the bytes, recognises the
 * format from the content and reads it. Throws only FormatError (the file as a whole is not
 * a contact file); everything wrong with single records is in the result's `problems`.
 */
export function readContactFile(bytes: Uint8Array): ReadResult {
  try {
    const text = decodeText(bytes);
    switch (detectFormat(text)) {
      case 'linkedin':
        return readLinkedInCsv(text);
      case 'google':
        return readGoogleCsv(text);
      case 'outlook':
        return readOutlookCsv(text);
      case 'vcard':
        return readVCards(text);
    }
  } catch (error) {
    if (error instanceof FormatError) throw error;
    // A bug of ours must not surface as a crash of the import: report it as a file error.
    throw new FormatError(`The file could not be read (${error instanceof Error ? error.message : String(error)})`);
  }
}
