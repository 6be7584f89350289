/** JSON columns are text on both engines; these mappers are the only place that knows it. */
export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

/** A JSON column written by `toJson`; `fallback` for a null or empty one. */
export function fromJson<T>(text: string | null | undefined, fallback: T): T {
  if (!text) return fallback;
  return JSON.parse(text) as T;
}

export function fromJsonArray<T>(text: string | null | undefined): T[] {
  if (!text) return [];
  const parsed: unknown = JSON.parse(text);
  return Array.isArray(parsed) ? (parsed as T[]) : [];
}

/** Escapes LIKE wildcards so that a user's "50%" is searched for literally (used with ESCAPE '\'). */
export function likeContains(term: string): string {
  return `%${term.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
}

/** A LIKE pattern for text starting with `prefix`, wildcards escaped (used with ESCAPE '\'). */
export function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
}
