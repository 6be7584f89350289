import { FormatError, MappingError, type ContactFileFormat, type ReadOptions, type ReadResult } from './contact-import.types.js';
import { slices } from './csv-table.js';
import { decodeText } from './decode.js';
import { detectFormat } from './detect.js';
import { readGoogleCsv } from './google-csv.reader.js';
import { readLinkedInCsv } from './linkedin-csv.reader.js';
import { readMappedCsv } from './mapped-csv.reader.js';
import { readOutlookCsv } from './outlook-csv.reader.js';
import { readVCards } from './vcard.reader.js';

/**
 * The one entry point for an uploaded contact file: decodes the bytes, recognises the
 * format from the content and reads it. Throws only FormatError (the file as a whole is not
 * a contact file, or has more records than an import takes); everything wrong with single
 * records is a skip or a warning in the result.
 *
 * With `options.sink`, each row and skip goes to the sink as soon as it is read and the
 * result holds none: the bytes and their text are all that is held whole (at most the upload
 * limit), never the file's records.
 */
export function readContactFile(bytes: Uint8Array, options: ReadOptions = {}): ReadResult {
  try {
    const text = decodeText(bytes);
    const mappingGiven = Boolean(options.mapping && Object.keys(options.mapping).length > 0);
    const format = detectFormat(text, { anyCsv: mappingGiven || options.anyCsv });
    if (mappingGiven && format !== 'thunderbird' && format !== 'csv') {
      const name = FORMAT_NAMES[format];
      throw new MappingError(`This file is a ${name}: its columns are read as ${name.split(' ')[0]} names them; a column mapping applies to other CSV files`, [
        { column: '', message: `a ${name} is read without a mapping` },
      ]);
    }
    // Handed over in slices, so that the readers pull the text as they go.
    const input = slices(text);
    return readAs(format, input, options);
  } catch (error) {
    if (error instanceof FormatError) throw error;
    // A bug of ours must not surface as a crash of the import: report it as a file error.
    throw new FormatError(`The file could not be read (${error instanceof Error ? error.message : String(error)})`);
  }
}

const FORMAT_NAMES: Record<ContactFileFormat, string> = {
  linkedin: 'LinkedIn Connections.csv',
  google: 'Google Contacts CSV',
  outlook: 'Outlook contacts CSV',
  thunderbird: 'Thunderbird address book',
  csv: 'CSV',
  vcard: 'vCard file',
};

function readAs(format: ContactFileFormat, input: Iterable<string>, options: ReadOptions): ReadResult {
  switch (format) {
    case 'linkedin':
      return readLinkedInCsv(input, options);
    case 'google':
      return readGoogleCsv(input, options);
    case 'outlook':
      return readOutlookCsv(input, options);
    case 'thunderbird':
    case 'csv':
      return readMappedCsv(input, format, options);
    case 'vcard':
      return readVCards(input, options);
  }
}
