// The emulator's public types (brief: emulator-api.md). Kept apart so every module can share them
// without importing the server.

export interface EmulatorUser {
  username: string;
  /** Plain; the emulator stores the static hash as AList does. */
  password: string;
  /** 0 general, 1 guest, 2 admin (default). */
  role?: 0 | 1 | 2;
  /** When set the user has 2FA: login must carry otp_code === otpCode. */
  otpCode?: string;
  disabled?: boolean;
}

export interface InitFailureRule {
  // Every given condition must hold. addition matches against the decoded addition's values.
  mountPath?: string | RegExp;
  driver?: string;
  addition?: Record<string, string | RegExp>;
  /** The driver error text, e.g. "Either scp or roles claim need to be present in the token". */
  message: string;
}

export type FaultKind = 'http-502' | 'reset' | 'lost-response' | 'loading';

export interface FaultRule {
  kind: FaultKind;
  method?: 'GET' | 'POST';
  /** Endpoint after the base path, e.g. '/api/admin/storage/create'. */
  path?: string;
  /** How many matching requests it hits (default 1). */
  times?: number;
  /** 0..1, drawn from the seeded random source; default 1. */
  probability?: number;
}

export interface EmulatorOptions {
  flavor?: 'alist' | 'openlist';
  version?: string;
  basePath?: string;
  users?: EmulatorUser[];
  adminToken?: string;
  latencyMs?: number;
  seed?: number;
  initFailures?: InitFailureRule[];
  /**
   * Default true: a successful init writes back what a real driver refreshes — AliyundriveShare
   * refresh_token; AliyundriveOpen refresh_token and AccessToken; PikPak refresh_token and
   * captcha_token; 123PanShare accesstoken. (Ids filled when empty, PikPak's and PikPakShare's
   * device_id, are filled either way.)
   */
  rotateOnInit?: boolean;
  // Additions to the agreed API:
  /** Port to listen on (default 0 = any free port). */
  port?: number;
  /** The clock (ms since epoch) used for lockout expiry, token expiry and `modified`; default Date.now. */
  now?: () => number;
  /** How long a login lockout lasts after a blocked attempt (default 5 minutes, as AList). */
  lockoutMs?: number;
  /** How long the Loading phase started by POST /api/admin/storage/load_all lasts (default 100 ms). */
  loadAllMs?: number;
  /**
   * OpenList ≥ v4.1.3 fills in every storage's disk usage before it answers the storage list; each
   * storage's details take this long (default 0), fetched side by side, each cut off at 3 s.
   * Ignored for AList and older OpenList, and when hideStorageDetails is on.
   */
  storageDetailsMs?: number;
  /**
   * Drivers this server was built without (a custom build; OpenList dropped some of AList's): they
   * are not in driver/names, driver/info answers 404 `driver [X] not found`, create refuses them.
   */
  withoutDrivers?: string[];
  /** The setting hide_storage_details_in_manage_page (default false): the list then skips the details. */
  hideStorageDetails?: boolean;
}

/** The DB row; addition is the JSON string as stored. */
export interface StorageRow {
  id: number;
  mount_path: string;
  order: number;
  driver: string;
  cache_expiration: number;
  custom_cache_policies?: string;
  status: string;
  addition: string;
  remark: string;
  modified: string;
  disabled: boolean;
  disable_index?: boolean;
  enable_sign: boolean;
  order_by: string;
  order_direction: string;
  extract_folder: string;
  web_proxy: boolean;
  webdav_policy: string;
  proxy_range: boolean;
  down_proxy_url: string;
  disable_proxy_sign?: boolean;
}

export interface RequestLogEntry {
  method: string;
  /** Path after the base path, without query. */
  path: string;
  query: string;
  envelopeCode: number | null;
  httpStatus: number | null;
  fault: FaultKind | null;
  /** The JSON body of a POST to /api/admin/storage/* as received (what a create or update sent). */
  body?: string;
}

export interface Emulator {
  /** 'http://127.0.0.1:<port>' + basePath */
  readonly url: string;
  close(): Promise<void>;
  rows(): StorageRow[];
  row(mountPath: string): StorageRow | undefined;
  insertRow(partial: Partial<StorageRow> & { mount_path: string; driver: string }): StorageRow;
  setStatus(mountPath: string, status: string): void;
  readonly log: readonly RequestLogEntry[];
  writeCount(): number;
  maxConcurrency(): number;
  resetStats(): void;
  setLatency(ms: number): void;
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  startLoading(durationMs: number): void;
  invalidateTokens(): void;
  addInitFailure(rule: InitFailureRule): void;
  clearInitFailures(): void;
  // Additions:
  /** The admin API token (the `token` setting). */
  readonly adminToken: string;
  /** Requests currently in flight. */
  inFlight(): number;
  /** Changes a stored row directly (an administrator's edit between a client's reads and writes). */
  editRow(mountPath: string, changes: Partial<Omit<StorageRow, 'id'>>): void;
  /** Deletes a stored row directly (another administrator's delete). */
  dropRow(mountPath: string): void;
}
