/**
 * The files `alist-batch init` writes: alist_batch v0.11 naming, every field explained, no blank
 * lines (the format forbids them). Values to fill in are the old templates' placeholders, so that
 * `alist-batch validate` names each one until it is filled in; the list-file sections start
 * disabled, and their example entries use the templates' `xxx` ids, which validate also rejects.
 */
export interface TemplateFile {
  readonly name: string;
  readonly text: string;
  /** config.yaml holds the admin password: readable by its owner only. */
  readonly mode: number;
}

const CONFIG_YAML = `# alist-batch configuration (alist_batch v0.11 naming; openlist_batch's aliyun_share/pikpak_share work too).
# Rules: no blank lines (start a line with # instead); indent with spaces, never tabs.
# Any value may use \${NAME} to read the environment variable NAME (an unset one is an error).
# ALIST_URL, ALIST_USERNAME, ALIST_PASSWORD and ALIST_TOKEN in the environment override url,
# auth.username, auth.password and token below.
#
# url: the AList / OpenList server, http:// or https://, may include a sub-path (https://host/alist).
url: ALIST_URL
# auth: an admin account; alist-batch logs in with it (not needed when a token is given).
auth:
    username: USERNAME
    password: PASSWORD
# token: optional; an admin token (Settings > Other) or a session token. "" = log in with auth.
token: ""
# aliyun: Aliyun Drive shares, listed in ali_share.yaml (AliyundriveShare storages).
aliyun:
    # enable: true reads ali_share.yaml; false ignores it.
    enable: false
    # refresh_token: the refresh token of your own Aliyun Drive account, used to open the shares.
    refresh_token: ALI_YUNPAN_REFRESH_TOKEN
# pikpak: PikPak shares, listed in pik_share.yaml (PikPakShare storages).
pikpak:
    # enable: true reads pik_share.yaml; false ignores it.
    enable: false
    # use_transcoding_address: true plays the transcoded stream instead of the original file.
    use_transcoding_address: false
    # platform: the client PikPak sees: android (default; web runs into captcha errors), web or pc.
    platform: android
# onedrive_app: OneDrive accounts of one or more organisations, listed in onedrive_app.yaml (OnedriveAPP storages).
onedrive_app:
    # enable: true reads onedrive_app.yaml; false ignores it.
    enable: false
    # region: global (international, E5/A1), cn (21Vianet), us (US government) or de (Germany).
    region: global
    # tenants: one entry per Azure app registration; onedrive_app.yaml names a tenant by its id.
    tenants:
        # id: the number references use ("1:user@..."); ids must be unique.
        - id: 1
          # client_id: the app's Application (client) ID.
          client_id: CLIENT_ID
          # client_secret: the value (not the ID) of one of the app's client secrets.
          client_secret: CLIENT_SECRET
          # tenant_id: the Directory (tenant) ID of the organisation.
          tenant_id: TENANT_ID
# shares: share links of every supported service in one list, shares.yaml; the driver comes from the
# link's host (Aliyun, PikPak, 115, 123). Aliyun shares open with aliyun.refresh_token above (or
# defaults.AliyundriveShare.addition.refresh_token); 115 shares need defaults."115 Share".addition.cookie.
shares:
    # enable: true reads shares.yaml; false ignores it.
    enable: false
# storages: storages of any driver the server has, in storages.yaml (mount path -> driver and settings).
storages:
    # enable: true reads storages.yaml; false ignores it. Then apply --prune may delete this set's
    # storages of any driver, except the drivers of a section above given with enable: false.
    enable: false
# name (optional) names the set of storages these files manage: letters, digits, - _ and . only.
# With a name, apply --prune deletes only storages of this set, so several folders can share one
# server (added later: run apply --adopt once to re-mark this folder's storages). For example:
# name: home-media
# defaults (optional): settings for every storage (all) and for the storages of one driver, keyed
# by the server's driver name (AliyundriveShare, PikPakShare, OnedriveAPP, ...). A list entry's own
# settings win over its driver's, which win over all. Only keys written somewhere are managed:
# a key written nowhere is left as the server has it. All keys: see "Per-mount settings" in README.
# defaults:
#     all:
#         cache_expiration: 30
#         webdav_policy: 302_redirect
#     OnedriveAPP:
#         order: 10
#         addition:
#             chunk_size: 10
`;

const ALI_SHARE_YAML = `# Aliyun Drive shares: one storage per entry, mounted at /<category>/<name>.
# Format (no blank lines):
#   <category>:                      a '/' inside makes deeper folders, e.g. TV/Drama
#       <name>: <share link>
# Share link: https://www.aliyundrive.com/s/<share id>[/folder/<folder id>][?pwd=<code>]
# (www.alipan.com works too). Without /folder/<id> the whole share is mounted.
# Replace the xxx examples with real links before setting aliyun.enable: true.
# An entry may also be a mapping: the link under link:, and the mount's settings beside it
# (order, remark, webdav_policy, ...; the driver's own keys under addition:), as in the commented example.
Movies:
    Example Film: https://www.aliyundrive.com/s/xxx/folder/xxx
    # Example Film 2: {link: "https://www.aliyundrive.com/s/xxx", order: 1, addition: {order_by: name}}
TV/Drama:
    Example Series: https://www.aliyundrive.com/s/xxx
`;

const PIK_SHARE_YAML = `# PikPak shares: one storage per entry, mounted at /<category>/<name>.
# Format (no blank lines):
#   <category>:                      a '/' inside makes deeper folders
#       <name>: <share link>
# Share link: https://mypikpak.com/s/<share id>[/<folder id>][?pwd=<code>]
# Without a folder id the whole share is mounted.
# Replace the xxx examples with real links before setting pikpak.enable: true.
# An entry may also be a mapping: the link under link:, and the mount's settings beside it
# (order, remark, webdav_policy, ...; the driver's own keys under addition:), as in the commented example.
Documentaries:
    Example Documentary: https://mypikpak.com/s/xxx
    # Example Documentary 2: {link: "https://mypikpak.com/s/xxx", order: 1, remark: "from PikPak"}
Music/Live:
    Example Concert: https://mypikpak.com/s/xxx/xxx
`;

const ONEDRIVE_APP_YAML = `# OneDrive accounts: one storage per entry, mounted at /<category>/<name>.
# Format (no blank lines):
#   <category>:                      a '/' inside makes deeper folders
#       <name>: <tenant id>:<email>[:<folder path>]
# <tenant id>: the id: of a tenant in config.yaml (onedrive_app.tenants).
# <email>: the account's mailbox in that organisation.
# <folder path>: optional, starts with /; without it the whole drive is mounted.
# Replace the xxx examples with real accounts before setting onedrive_app.enable: true.
# An entry may also be a mapping: the reference under account:, and the mount's settings beside
# it (order, remark, webdav_policy, ...; the driver's own keys under addition:), as in the commented example.
Team:
    Alice: 1:alice@xxx.onmicrosoft.com
    # Alice Docs: {account: "1:alice@xxx.onmicrosoft.com:/Docs", order: 1, addition: {chunk_size: 10}}
    Bob Projects: 1:bob@xxx.onmicrosoft.com:/Projects
`;

const SHARES_YAML = `# Share links of every supported service: one storage per entry, mounted at /<category>/<name>.
# Format (no blank lines):
#   <category>:                      a '/' inside makes deeper folders
#       <name>: <share link>
# The driver comes from the link's host:
#   Aliyun  https://www.aliyundrive.com/s/<share id>[/folder/<folder id>][?pwd=<code>]  (also www.alipan.com)
#   PikPak  https://mypikpak.com/s/<share id>[/<folder id>][?pwd=<code>]
#   115     https://115.com/s/<share code>?password=<receive code>  (also 115cdn.com, anxia.com)
#   123     https://www.123pan.com/s/<share key>[?pwd=<password>]  (also 123pan.cn, 123684.com, 123865.com, 123912.com)
# An entry may instead be a mapping: link: and the mount's settings beside it (order, remark,
# cache_expiration, web_proxy, webdav_policy, ..., and addition: for the driver's own keys).
# Replace the xxx examples with real links before setting shares.enable: true.
Shares/Movies:
    Example Film: https://www.aliyundrive.com/s/xxx
    Example Series:
        link: https://mypikpak.com/s/xxx
        order: 5
        remark: Weekly episodes
Shares/Books:
    Example Library: https://115.com/s/xxx?password=xxx
    Example Atlas: https://www.123pan.com/s/xxx?pwd=xxx
`;

const STORAGES_YAML = `# Storages of any driver the server has, one per mount path. Each is checked against the server's
# own description of its driver (GET /api/admin/driver/info) at plan and apply time.
# Format (no blank lines):
#   <mount path>:                    starts with /, e.g. /Cloud/Team
#       driver: <driver name>        as the server spells it: AliyundriveOpen, PikPak, "115 Share", Local, ...
#       <storage field>: <value>     optional: order, remark, cache_expiration, web_proxy, webdav_policy, ...
#       addition:                    the driver's own keys, as the web UI names them
#           <key>: <value>
# \${NAME} reads the environment variable NAME: keep tokens and passwords out of this file.
# Replace the examples before setting storages.enable: true.
/Cloud/Aliyun Open:
    driver: AliyundriveOpen
    order: 10
    remark: Team drive
    addition:
        refresh_token: \${ALIYUN_OPEN_REFRESH_TOKEN}
        remove_way: trash
/Cloud/PikPak:
    driver: PikPak
    addition:
        username: \${PIKPAK_USERNAME}
        password: \${PIKPAK_PASSWORD}
`;

export const INIT_FILES: readonly TemplateFile[] = [
  { name: 'config.yaml', text: CONFIG_YAML, mode: 0o600 },
  { name: 'ali_share.yaml', text: ALI_SHARE_YAML, mode: 0o644 },
  { name: 'pik_share.yaml', text: PIK_SHARE_YAML, mode: 0o644 },
  { name: 'onedrive_app.yaml', text: ONEDRIVE_APP_YAML, mode: 0o644 },
  { name: 'shares.yaml', text: SHARES_YAML, mode: 0o644 },
  { name: 'storages.yaml', text: STORAGES_YAML, mode: 0o644 },
];
