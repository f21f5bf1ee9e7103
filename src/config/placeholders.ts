import { quote } from '../model/display.js';

/**
 * Values that mean "not filled in yet": the placeholders of the old tools' templates
 * (alist-batch-formats.md), the upper-case forms of the upstream templates and the lower-case
 * ones of the OneDrive guide.
 */
const TEMPLATE_PLACEHOLDERS = new Set([
  'ALIST_URL',
  'OPENLIST_URL',
  'USERNAME',
  'PASSWORD',
  'ALIST_TOKEN',
  'OPENLIST_TOKEN',
  'ALI_YUNPAN_REFRESH_TOKEN',
  'PIKPAK_EMAIL',
  'PIKPAK_PASSWORD',
  'client_id',
  'client_secret',
  'tenant_id',
  'CLIENT_ID',
  'CLIENT_SECRET',
  'TENANT_ID',
  'xxx',
]);

export function isTemplatePlaceholder(value: string): boolean {
  return TEMPLATE_PLACEHOLDERS.has(value);
}

/** Share ids / folder ids the templates show in place of real ones (`/s/xxx/folder/xxx`, shareId). */
const PLACEHOLDER_IDS = new Set(['xxx', 'shareId', 'folderId']);

/**
 * Example mailboxes of the templates and the guide (user1@xxx.onmicrosoft.com, user@example.com):
 * a domain label `xxx`, or a domain reserved for examples (RFC 2606), cannot be a real mailbox.
 */
const PLACEHOLDER_EMAIL = /@(?:(?:[^@]*\.)?xxx\.[^@]*|(?:[^@]*\.)?example\.(?:com|org|net))$/i;

/** The keys that hold share and folder ids (a constant: this runs once per entry). */
const ID_KEYS = ['share_id', 'root_folder_id', 'share_code', 'sharekey'] as const;

/** The part of a list-file entry that is a template example, or undefined when it is filled in. */
export function placeholderInEntry(addition: Readonly<Record<string, unknown>>): string | undefined {
  for (const key of ID_KEYS) {
    const value = addition[key];
    if (typeof value === 'string' && PLACEHOLDER_IDS.has(value)) return `${key} ${quote(value)}`;
  }
  const email = addition.email;
  if (typeof email === 'string' && PLACEHOLDER_EMAIL.test(email)) return `email ${quote(email)}`;
  return undefined;
}
