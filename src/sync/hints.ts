/**
 * Known server and driver error texts, translated into what to do. The server's own message is
 * always shown too; a hint only adds the next step.
 */
const HINTS: readonly { pattern: RegExp; hint: string }[] = [
  {
    pattern: /Either scp or roles claim need to be present in the token|AADSTS65001/i,
    hint: 'the OneDrive app lacks admin consent: in Entra, Enterprise applications → your app → Permissions → "Grant admin consent" (step 4 of docs/onedrive-app.md), then run apply --retry-broken.',
  },
  {
    pattern: /Unable to retrieve user's mysite URL/i,
    hint: 'a newly created OneDrive user takes effect only after a delay: wait a few hours, then run apply --retry-broken.',
  },
  {
    pattern: /AADSTS7000215|invalid client secret/i,
    hint: "the tenant's client_secret is wrong or expired: create a new secret in Entra and update config.yaml.",
  },
  {
    pattern: /AADSTS90002|AADSTS900023|tenant .* not found/i,
    hint: "the tenant's tenant_id is wrong: copy the tenant ID from the Entra overview page into config.yaml.",
  },
  {
    pattern: /refresh[_ ]?token|InvalidParameter\.RefreshToken|AccessTokenInvalid/i,
    hint: 'the refresh token was refused: put a fresh refresh_token in config.yaml and run apply again; only the storages that are not working get it.',
  },
  {
    pattern: /share[_ ]?pwd|pass[_ ]?code|share.*password.*(wrong|incorrect|invalid|error|required)|(wrong|incorrect|invalid) (share )?password/i,
    hint: 'the share password was refused: put the right one in the link (?pwd=<code>) in the list file, then run apply (the storage is updated and restarted).',
  },
  {
    pattern: /share.*(cancel|expire|not ?found|forbidden)|ShareLink\.(Cancelled|Expired|Forbidden)/i,
    hint: 'the share link is dead: remove it from the list file (or replace it with a live link).',
  },
  {
    pattern: /captcha/i,
    hint: 'PikPak asked for a captcha: use pikpak.platform android in config.yaml (the default; web runs into captchas), then run apply --retry-broken.',
  },
];

export function hintFor(message: string): string | undefined {
  return HINTS.find((h) => h.pattern.test(message))?.hint;
}
