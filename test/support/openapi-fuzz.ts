import fc from 'fast-check';
import type { OpenAPIV3_1 } from 'openapi-types';

/**
 * An OpenAPI-driven fuzzer: requests drawn from the app's own document (valid bodies, bodies
 * with one hostile value, hostile throughout), with path ids picked from the records the app has
 * answered with so far, or ids that do not exist, or text that is no id at all.
 */

type Schema = Record<string, unknown>;

/** One request; `pick` values choose among the ids seen so far when the request is sent. */
export interface FuzzRequest {
  method: string;
  path: string;
  params: Array<{ name: string; value: ParamValue }>;
  query: Array<[string, string]>;
  body?: { contentType: string; payload: string } | { json: unknown } | undefined;
  /** Chooses real ids for body fields named like ids (`contactId`), so that writes reach records. */
  picks: number[];
}
type ParamValue = { pick: number } | { raw: string };

/** Strings no schema expects: NUL, lone surrogates, huge numbers as text, injections, dates that are not. */
export const HOSTILE_STRINGS = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\udc00\ud800',
  '😀',
  '',
  ' ',
  '   padded   ',
  'x'.repeat(5_000),
  '../../etc/passwd',
  "'; drop table contacts; --",
  '%00',
  '%',
  '<script>alert(1)</script>',
  '9'.repeat(40),
  '1e309',
  '-1',
  '0x10',
  'NaN',
  'Infinity',
  '\u202eevil',
  'null',
  'true',
  '[]',
  '{}',
  '2026-02-30T25:61:00Z',
  '0000-01-01T00:00:00Z',
  'mailto:x',
  'constructor',
  '__proto__',
];

/** Any UTF-16 code units, lone surrogates and control characters included. */
const anyUnits = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 12 });

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: anyUnits },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.integer().map(String) },
);

/** Values of any type, at the edges: huge and tiny numbers, wrong types, hostile text. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: hostileString },
  fc.integer(),
  fc.constantFrom(-1, 0, 1e308, -1e308, 2 ** 53 + 2, 2 ** 63, 0.5, -0.000001, 1e-320),
  fc.constant(null),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }),
);

/** A value that fits the JSON Schema (mostly: patterns and formats are approximated). */
export function arbitraryOf(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return fc.constant(null);
  const anyOf = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (anyOf) return fc.oneof(...anyOf.map((s) => arbitraryOf(s, depth + 1)));
  if (Array.isArray(schema.allOf)) return arbitraryOf(schema.allOf[0] as Schema, depth + 1);
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return fc.constantFrom(...(schema.enum as unknown[]));
  const type = schema.type;
  if (Array.isArray(type)) return fc.oneof(...type.map((t: unknown) => arbitraryOf({ ...schema, type: t }, depth)));
  switch (type) {
    case 'string':
      return stringOf(schema);
    case 'integer': {
      const min = typeof schema.minimum === 'number' ? schema.minimum : -5;
      const max = typeof schema.maximum === 'number' ? schema.maximum : Math.max(min + 500, 500);
      return fc.integer({ min: Math.max(min, -1_000_000), max: Math.min(max, 1_000_000) });
    }
    case 'number': {
      const min = typeof schema.minimum === 'number' ? schema.minimum : -1e6;
      const max = typeof schema.maximum === 'number' ? schema.maximum : 1e6;
      return fc.double({ noNaN: true, noDefaultInfinity: true, min: Math.max(min, -1e6), max: Math.min(max, 1e6) });
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const minLength = typeof schema.minItems === 'number' ? schema.minItems : 0;
      const maxLength = Math.min(typeof schema.maxItems === 'number' ? schema.maxItems : 3, minLength + 3);
      return fc.array(arbitraryOf(schema.items as Schema, depth + 1), { minLength, maxLength });
    }
    default: {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      if (Object.keys(properties).length === 0) return type === 'object' ? fc.constant({}) : fc.constant(null);
      const required = (schema.required ?? []) as string[];
      const entries = Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, arbitraryOf(s, depth + 1)]));
      return fc.record(entries, { requiredKeys: required.filter((k) => k in properties) });
    }
  }
}

const dateIn = (min: string, max: string) => fc.date({ min: new Date(min), max: new Date(max), noInvalidDate: true });

function stringOf(schema: Schema): fc.Arbitrary<string> {
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = Math.max(min, Math.min(typeof schema.maxLength === 'number' ? schema.maxLength : 30, 30));
  switch (schema.format) {
    case 'email':
      return fc.emailAddress();
    case 'uuid':
      return fc.uuid();
    case 'date-time':
      return dateIn('2020-01-01T00:00:00Z', '2030-01-01T00:00:00Z').map((d) => d.toISOString());
    case 'date':
      return dateIn('2020-01-01T00:00:00Z', '2030-01-01T00:00:00Z').map((d) => d.toISOString().slice(0, 10));
    case 'uri':
      return fc.webUrl();
    default:
      break;
  }
  if (typeof schema.pattern === 'string') {
    try {
      return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= min && s.length <= Math.max(max, 60));
    } catch {
      // A pattern JavaScript cannot read: plain text instead.
    }
  }
  return fc.string({ minLength: min, maxLength: max });
}

/** Replaces one value somewhere inside `value` (chosen by `at`) with `replacement`, or drops it. */
function mutate(value: unknown, at: number, replacement: unknown, drop: boolean): unknown {
  const slots: Array<{ parent: Record<string, unknown> | unknown[]; key: string | number }> = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) {
      v.forEach((item, i) => {
        slots.push({ parent: v, key: i });
        walk(item);
      });
    } else if (v && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) {
        slots.push({ parent: v as Record<string, unknown>, key: k });
        walk(item);
      }
    }
  };
  const copy = structuredClone(value);
  walk(copy);
  const slot = slots[at % Math.max(slots.length, 1)];
  if (!slot) return replacement;
  if (drop && !Array.isArray(slot.parent)) delete slot.parent[slot.key as string];
  else (slot.parent as Record<string | number, unknown>)[slot.key] = replacement;
  return copy;
}

/** A request arbitrary for one operation of the document: valid, one value hostile, or hostile throughout. */
function operationRequest(method: string, path: string, operation: OpenAPIV3_1.OperationObject): fc.Arbitrary<FuzzRequest> {
  const parameters = (operation.parameters ?? []) as OpenAPIV3_1.ParameterObject[];
  const pathParams = parameters.filter((p) => p.in === 'path');
  const queryParams = parameters.filter((p) => p.in === 'query');
  const bodySchema = (operation.requestBody as OpenAPIV3_1.RequestBodyObject | undefined)?.content?.['application/json']?.schema as Schema | undefined;

  const paramValue: fc.Arbitrary<ParamValue> = fc.oneof(
    { weight: 8, arbitrary: fc.nat().map((pick) => ({ pick })) },
    // An id of the right form that names nothing.
    { weight: 1, arbitrary: fc.uuid().map((raw) => ({ raw })) },
    // Text that is no id at all.
    { weight: 1, arbitrary: hostileString.map((raw) => ({ raw })) },
  );
  const queryValue = (p: OpenAPIV3_1.ParameterObject): fc.Arbitrary<string | undefined> =>
    fc.oneof(
      { weight: 3, arbitrary: fc.constant(undefined) },
      { weight: 4, arbitrary: arbitraryOf(p.schema as Schema).map((v) => (v === null || v === undefined ? undefined : Array.isArray(v) ? v.join(',') : String(v))) },
      { weight: 1, arbitrary: hostileString },
    );
  const query = fc
    .tuple(fc.constant(null), ...queryParams.map((p) => queryValue(p).map((v) => (v === undefined ? null : ([p.name, v] as [string, string])))))
    .chain((pairs) =>
      // Now and then a query value no route reads.
      fc.option(fc.tuple(fc.constantFrom('x', 'limit', '__proto__', 'q\u0000'), hostileString), { freq: 10 }).map((extra) => [...pairs, extra]),
    )
    .map((pairs) => pairs.filter((p): p is [string, string] => p !== null));

  const jsonBody: fc.Arbitrary<unknown> = bodySchema
    ? fc.oneof(
        { weight: 5, arbitrary: arbitraryOf(bodySchema) },
        { weight: 4, arbitrary: fc.tuple(arbitraryOf(bodySchema), fc.nat(), hostileValue, fc.boolean()).map(([v, at, bad, drop]) => mutate(v, at, bad, drop)) },
        { weight: 1, arbitrary: fc.tuple(arbitraryOf(bodySchema), fc.string({ maxLength: 8 }), hostileValue).map(([v, k, bad]) => (v && typeof v === 'object' && !Array.isArray(v) ? { ...v, [`x${k}`]: bad } : v)) },
        { weight: 1, arbitrary: hostileValue },
      )
    : fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: hostileValue });
  const rawBody = fc.constantFrom(
    { contentType: 'application/json', payload: '{"unfinished": ' },
    { contentType: 'application/json', payload: '' },
    { contentType: 'application/json', payload: '{"a":1,"a":2}' },
    { contentType: 'application/json', payload: '{"__proto__":{"polluted":true}}' },
    { contentType: 'application/json', payload: '[1e999999]' },
    { contentType: 'application/json', payload: '"\\ud800"' },
    { contentType: 'application/json', payload: '{"x":"\\u0000"}' },
    { contentType: 'text/plain', payload: 'hello' },
    { contentType: 'application/xml', payload: '<a/>' },
    // Over the 1 MiB body limit (the restore route takes more).
    { contentType: 'application/json', payload: `{"notes":"${'x'.repeat(1_100_000)}"}` },
    { contentType: 'multipart/form-data; boundary=x', payload: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nFirst Name\r\n--x--\r\n' },
  );
  const body = fc.oneof({ weight: 12, arbitrary: jsonBody.map((v) => (v === undefined ? undefined : { json: v })) }, { weight: 1, arbitrary: rawBody });
  return fc
    .record({
      params: fc.tuple(...pathParams.map((p) => paramValue.map((value) => ({ name: p.name, value })))),
      query,
      body: method === 'get' || method === 'delete' ? fc.oneof({ weight: 20, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: body }) : body,
      picks: fc.array(fc.nat(), { minLength: 4, maxLength: 4 }),
    })
    .map(({ params, query: q, body: b, picks }) => ({ method: method.toUpperCase(), path, params, query: q, body: b, picks }));
}

/** The document's operations, each a request arbitrary (every operation equally likely). */
export function requestsOf(doc: OpenAPIV3_1.Document): fc.Arbitrary<FuzzRequest> {
  const operations: Array<fc.Arbitrary<FuzzRequest>> = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const operation = item?.[method];
      if (operation) operations.push(operationRequest(method, path, operation));
    }
  }
  return fc.oneof(...operations);
}

/** A path segment or query value as a client would send it; a lone surrogate as its WTF-8 bytes (encodeURIComponent refuses it). */
export function encodeComponent(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return [...value]
      .map((ch) => {
        const code = ch.charCodeAt(0);
        if (ch.length === 1 && code >= 0xd800 && code <= 0xdfff) {
          return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
        }
        return encodeURIComponent(ch);
      })
      .join('');
  }
}

// ---------------------------------------------------------------- the ids the app has answered with

/** What kind of record a field or path parameter names (`contactId` → contacts). */
const KIND_OF_FIELD: Record<string, string> = {
  contactId: 'contacts',
  fromContactId: 'contacts',
  toContactId: 'contacts',
  keepId: 'contacts',
  mergeId: 'contacts',
  introducedById: 'contacts',
  suggestedById: 'contacts',
  givenById: 'contacts',
  organizationId: 'organizations',
  conversationId: 'conversations',
  eventId: 'events',
  opportunityId: 'opportunities',
  referralId: 'referrals',
  actionId: 'actions',
};

/** Ids of the records the app has answered with, by kind (the collection's name). */
export class SeenIds {
  private readonly byKind = new Map<string, string[]>();

  add(kind: string, id: string): void {
    const list = this.byKind.get(kind) ?? [];
    if (!list.includes(id)) list.push(id);
    this.byKind.set(kind, list);
  }

  /** Reads the ids out of an answer of `path` (`/api/contacts/{id}`): `id`s as its collection's, `…Id` fields by their name. */
  learn(path: string, value: unknown): void {
    const collection = /^\/api\/([a-z-]+)/.exec(path)?.[1] ?? 'other';
    const visit = (v: unknown, depth: number, top: boolean): void => {
      if (depth > 6 || v === null || typeof v !== 'object') return;
      if (Array.isArray(v)) {
        for (const item of v.slice(0, 50)) visit(item, depth + 1, top);
        return;
      }
      for (const [key, item] of Object.entries(v)) {
        if (typeof item === 'string' && item.length > 0 && item.length <= 64) {
          if (key === 'id' && top) this.add(collection, item);
          const kind = KIND_OF_FIELD[key];
          if (kind) this.add(kind, item);
        } else {
          visit(item, depth + 1, top && key === 'items');
        }
      }
    };
    visit(value, 0, true);
  }

  pick(kind: string, n: number): string | undefined {
    const list = this.byKind.get(kind) ?? [...this.byKind.values()].flat();
    return list.length > 0 ? list[n % list.length] : undefined;
  }

  /** Path parameter `name` of `path`: `{id}` is the collection's, `{contactId}` a contact's. */
  kindOfParam(path: string, name: string): string {
    return KIND_OF_FIELD[name] ?? /^\/api\/([a-z-]+)/.exec(path)?.[1] ?? 'other';
  }

  /** A copy of `body` where most string fields named like ids name records the app has answered with. */
  withRealIds(body: unknown, picks: number[]): unknown {
    let i = 0;
    const visit = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(visit);
      if (v === null || typeof v !== 'object') return v;
      return Object.fromEntries(
        Object.entries(v).map(([key, item]) => {
          const kind = KIND_OF_FIELD[key] ?? (key === 'attendeeIds' ? 'contacts' : undefined);
          const n = picks[i++ % picks.length] ?? 0;
          // One in five keeps what the generator made (an id that names nothing, or hostile text).
          if (kind && n % 5 !== 0) {
            if (typeof item === 'string') return [key, this.pick(kind, n) ?? item];
            if (Array.isArray(item)) return [key, item.map((x, j) => (typeof x === 'string' ? (this.pick(kind, n + j) ?? x) : x))];
          }
          return [key, visit(item)];
        }),
      );
    };
    return visit(body);
  }
}

/** The request's address: path ids picked from the ids seen so far, query values encoded. */
export function urlOf(request: FuzzRequest, ids: SeenIds): string {
  let path = request.path;
  for (const { name, value } of request.params) {
    const raw = 'pick' in value ? (ids.pick(ids.kindOfParam(request.path, name), value.pick) ?? 'none') : value.raw;
    path = path.replace(`{${name}}`, encodeComponent(raw));
  }
  const query = request.query.map(([k, v]) => `${encodeComponent(k)}=${encodeComponent(v)}`).join('&');
  return query ? `${path}?${query}` : path;
}
