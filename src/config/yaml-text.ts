/**
 * A string as YAML text that reads back as exactly that string: plain where that is safe (and
 * easier to read), else double-quoted (JSON's escapes are a subset of YAML's double-quoted ones).
 * Conservative on purpose: it is used for files that must pass alist-batch's own strict reading.
 */
const SAFE_PLAIN = /^[\p{L}\p{N}_/][\p{L}\p{N}_./:@+=~&?%()\- ]*$/u;
/** What YAML's core schema reads as something other than a string. */
const NOT_A_STRING = /^(?:~|null|true|false|yes|no|on|off|y|n|[-+]?[0-9][0-9_.eE+-]*|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|nan))$/i;

export function yamlText(value: string): string {
  const plain = SAFE_PLAIN.test(value) && !value.endsWith(' ') && !value.endsWith(':') && !value.includes(': ') && !NOT_A_STRING.test(value);
  return plain ? value : JSON.stringify(value);
}
