// `115 Share` and `123PanShare`, written down from share-links.md (fields in struct order, struct
// tags as driver/info reports them), not from src/.
import { type DriverSpec, float64, int64, s, select, str, text } from './driver-spec.js';

const ACCOUNT_HELP = 'one of QR code token and cookie required';

/** drivers/115_share: the name contains a space; root_folder_id (driver.RootID) comes last. */
export const pan115Share: DriverSpec = {
  config: { name: '115 Share', localSort: false, noUpload: true, defaultRoot: '0' },
  // Help texts are upstream's wording as far as known; the reference does not state them and
  // nothing should depend on them.
  fields: () => [
    text('cookie', { help: ACCOUNT_HELP }),
    text('qrcode_token', { help: ACCOUNT_HELP }),
    // The default is not among the options: the UI sends "linux" as it is.
    select('qrcode_source', 'web,android,ios,tv,alipaymini,wechatmini,qandroid', {
      default: 'linux',
      help: 'select the QR code device, default linux',
    }),
    int64('page_size', { default: '1000', help: 'list api per page size of 115 driver' }),
    float64('limit_rate', { default: '2', help: 'limit all api request rate (1r/[limit_rate]s)' }),
    text('share_code', { required: true, help: 'share code of 115 share link' }),
    text('receive_code', { required: true, help: 'receive code of 115 share link' }),
    s('root_folder_id'),
  ],
  // Init logs in before anything else; without an account there is nothing to log in with.
  check: (v) => (str(v.cookie) === '' && str(v.qrcode_token) === '' ? 'missing cookie or qrcode account' : null),
};

/** drivers/123_share: OpenList v4.1.10+ marks it PreferProxy. */
export const pan123Share: DriverSpec = {
  config: {
    name: '123PanShare',
    localSort: true,
    noUpload: true,
    defaultRoot: '0',
    preferProxy: (f) => f.panSharePreferProxy,
  },
  fields: () => [s('sharekey', { required: true }), s('sharepassword'), s('root_folder_id'), text('accesstoken')],
  // The access token is server-written: the emulator refreshes it on every successful init, so a
  // client sees it differ from what it sent (a secret that changed without the files changing it).
  rotate: (v, ctx) => {
    v.accesstoken = `access-${ctx.randomHex(32)}`;
  },
};
