// JSON the way the Go server writes and reads it (jsoniter, compatible with encoding/json).

/** Go escapes <, >, & and U+2028/U+2029 inside strings; they can only occur inside strings. */
export function goMarshal(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

export type GoKind = 'string' | 'bool' | 'int' | 'int64' | 'uint' | 'float64' | 'time';
export type GoValue = string | number | boolean;

export interface GoField {
  key: string;
  kind: GoKind;
}

export class GoDecodeError extends Error {}

export function zeroValue(kind: GoKind): GoValue {
  if (kind === 'bool') return false;
  if (kind === 'string' || kind === 'time') return '';
  return 0;
}

function jsonTypeName(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'object' : typeof v;
}

function checkKind(structName: string, field: GoField, v: unknown): GoValue {
  const mismatch = (): GoDecodeError =>
    new GoDecodeError(
      `json: cannot unmarshal ${jsonTypeName(v)} into Go struct field ${structName}.${field.key} of type ${field.kind === 'time' ? 'time.Time' : field.kind}`,
    );
  switch (field.kind) {
    case 'string':
      if (typeof v !== 'string') throw mismatch();
      return v;
    case 'bool':
      if (typeof v !== 'boolean') throw mismatch();
      return v;
    case 'float64':
      // Any JSON number fits a float64 (an integer too).
      if (typeof v !== 'number') throw mismatch();
      return v;
    case 'time':
      if (typeof v !== 'string') throw new GoDecodeError('Time.UnmarshalJSON: input is not a JSON string');
      if (!isRfc3339(v))
        throw new GoDecodeError(`parsing time ${JSON.stringify(v)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(v)} as "2006"`);
      return v;
    default: {
      if (typeof v !== 'number' || !Number.isInteger(v) || (field.kind === 'uint' && v < 0)) {
        throw new GoDecodeError(
          typeof v === 'number'
            ? `json: cannot unmarshal number ${v} into Go struct field ${structName}.${field.key} of type ${field.kind}`
            : mismatch().message,
        );
      }
      return v;
    }
  }
}

function isRfc3339(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s);
}

/** Parse a JSON document, with Go-like error texts ("EOF" for an empty body). */
export function parseJsonDocument(text: string): unknown {
  if (text.trim() === '') throw new GoDecodeError('EOF');
  try {
    return JSON.parse(text);
  } catch {
    const bad = text.trim().charAt(0);
    throw new GoDecodeError(`invalid character '${bad}' looking for beginning of value`);
  }
}

/**
 * Decode a JSON object into a Go struct's fields over `base` (decoding into an already filled struct
 * keeps the fields the document does not mention). Keys match exactly first, then case-insensitively;
 * unknown keys are ignored; null leaves a field as it is. Stops at the first type error, so the
 * struct may be partly filled — what the server then saves.
 */
export function decodeInto(
  structName: string,
  fields: readonly GoField[],
  doc: unknown,
  base: Record<string, GoValue>,
): { values: Record<string, GoValue>; error?: string } {
  const values = { ...base };
  if (doc === null) return { values };
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    return { values, error: `json: cannot unmarshal ${jsonTypeName(doc)} into Go value of type ${structName}` };
  }
  for (const [key, raw] of Object.entries(doc as Record<string, unknown>)) {
    const field = fields.find((f) => f.key === key) ?? fields.find((f) => f.key.toLowerCase() === key.toLowerCase());
    if (!field || raw === null) continue;
    try {
      values[field.key] = checkKind(structName, field, raw);
    } catch (e) {
      return { values, error: (e as Error).message };
    }
  }
  return { values };
}
