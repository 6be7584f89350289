import { stringify } from 'csv-stringify/sync';

export interface CsvColumn {
  key: string;
  header: string;
}

export interface CsvWriteOptions {
  /** Start with a UTF-8 byte-order mark: Excel otherwise reads UTF-8 as the ANSI code page. */
  bom?: boolean | undefined;
  /**
   * Prefix cells starting with = + - @ with a quote so that Excel shows them instead of
   * running them as formulas (CSV injection). Off by default: it changes "+44 20…".
   */
  escapeFormulas?: boolean | undefined;
}

/**
 * Writes rows as RFC 4180 CSV (CRLF, quotes only where needed), one column per `columns`
 * entry, in that order. Lists are joined with "; " so one cell stays one cell in a
 * spreadsheet; null and undefined become empty cells.
 */
export function writeCsv(columns: CsvColumn[], rows: Record<string, unknown>[], options: CsvWriteOptions = {}): string {
  const records = [columns.map((c) => c.header), ...rows.map((row) => columns.map((c) => cellText(row[c.key])))];
  const csv = stringify(records, {
    record_delimiter: 'windows',
    escape_formulas: options.escapeFormulas ?? false,
  });
  return options.bom ? `\uFEFF${csv}` : csv;
}

function cellText(value: unknown): string {
  if (Array.isArray(value)) {
    return value
      .map(scalarText)
      .filter((v) => v !== '')
      .join('; ');
  }
  return scalarText(value);
}

function scalarText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  // A LabelledValue (email, phone) is exported as its value: that is what a spreadsheet user wants.
  if (typeof value === 'object' && 'value' in value && typeof value.value === 'string') return value.value;
  return JSON.stringify(value);
}
